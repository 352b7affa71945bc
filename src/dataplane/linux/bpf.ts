/**
 * Classic BPF (the kernel's "socket filter", SO_ATTACH_FILTER; see the kernel's
 * Documentation/networking/filter.rst) for the raw FHRP socket: the kernel runs it on every frame the
 * device sees and queues only what it accepts, so the packet socket costs nothing for the rest of the
 * traffic (ARP, ICMP, TCP, the data plane's forwarded packets).
 *
 * A tiny assembler with labels keeps the program readable and its jump offsets right; the program
 * itself is data, handed to the addon as bytes.
 */
import { endianness } from 'node:os';

// Opcode fields (linux/bpf_common.h, linux/filter.h).
const LD = 0x00, LDX = 0x01, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
const W = 0x00, H = 0x08, B = 0x10;
const IMM = 0x00, ABS = 0x20, IND = 0x40;
const ADD = 0x00, AND = 0x50, LSH = 0x60;
const JA = 0x00, JEQ = 0x10, JSET = 0x40;
const K = 0x00, X = 0x08;
const TAX = 0x00, TXA = 0x80;
/** SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT: an ancillary load, 1 when the kernel holds a VLAN tag in skb metadata. */
const AD_VLAN_TAG_PRESENT = (0xfffff000 + 48) >>> 0;

type Target = string | undefined;
export interface BpfInsn {
  readonly code: number;
  readonly k: number;
  /** Labels to jump to when true/false; undefined is the next instruction. */
  readonly jt?: Target;
  readonly jf?: Target;
}
type Line = BpfInsn | { readonly label: string };

export const bpf = {
  ldAbsW: (k: number): BpfInsn => ({ code: LD | W | ABS, k }),
  ldAbsH: (k: number): BpfInsn => ({ code: LD | H | ABS, k }),
  ldIndH: (k: number): BpfInsn => ({ code: LD | H | IND, k }),
  ldIndB: (k: number): BpfInsn => ({ code: LD | B | IND, k }),
  ldxImm: (k: number): BpfInsn => ({ code: LDX | W | IMM, k }),
  andK: (k: number): BpfInsn => ({ code: ALU | AND | K, k }),
  lshK: (k: number): BpfInsn => ({ code: ALU | LSH | K, k }),
  addK: (k: number): BpfInsn => ({ code: ALU | ADD | K, k }),
  addX: (): BpfInsn => ({ code: ALU | ADD | X, k: 0 }),
  tax: (): BpfInsn => ({ code: MISC | TAX, k: 0 }),
  txa: (): BpfInsn => ({ code: MISC | TXA, k: 0 }),
  ja: (to: string): BpfInsn => ({ code: JMP | JA, k: 0, jt: to }),
  jeq: (k: number, jt: Target, jf?: Target): BpfInsn => ({ code: JMP | JEQ | K, k, jt, jf }),
  jset: (k: number, jt: Target, jf?: Target): BpfInsn => ({ code: JMP | JSET | K, k, jt, jf }),
  ret: (k: number): BpfInsn => ({ code: RET | K, k }),
  label: (label: string): Line => ({ label }),
};

/** Resolves labels into relative offsets and lays out `struct sock_filter` in host byte order. */
export function assembleBpf(lines: readonly Line[]): Uint8Array {
  const labels = new Map<string, number>();
  const insns: BpfInsn[] = [];
  for (const line of lines) {
    if ('label' in line) {
      if (labels.has(line.label)) throw new Error(`BPF label ${line.label} defined twice`);
      labels.set(line.label, insns.length);
    } else insns.push(line);
  }
  const out = new Uint8Array(insns.length * 8);
  const view = new DataView(out.buffer);
  const le = endianness() === 'LE';
  const offset = (pc: number, target: Target): number => {
    if (target === undefined) return 0;
    const at = labels.get(target);
    if (at === undefined) throw new Error(`BPF label ${target} is not defined`);
    const rel = at - (pc + 1);
    if (rel < 0) throw new Error(`BPF jumps only forward: ${target}`);
    return rel;
  };
  insns.forEach((insn, pc) => {
    let jt = 0, jf = 0, k = insn.k;
    if (insn.code === (JMP | JA)) k = offset(pc, insn.jt);
    else if ((insn.code & 0x07) === JMP) {
      jt = offset(pc, insn.jt);
      jf = offset(pc, insn.jf);
      if (jt > 255 || jf > 255) throw new Error('BPF conditional jump too far');
    }
    view.setUint16(pc * 8, insn.code, le);
    view.setUint8(pc * 8 + 2, jt);
    view.setUint8(pc * 8 + 3, jf);
    view.setUint32(pc * 8 + 4, k >>> 0, le);
  });
  return out;
}

export const ETHERTYPE_VLAN = 0x8100;
const HSRP_PORT = 1985;
const HSRP_V6_PORT = 2029;
const PROTO_UDP = 17;
const PROTO_VRRP = 112;
/** Accepted frames are kept whole (the return value is the number of bytes to keep). */
const KEEP_ALL = 0x40000;

/**
 * Accepts what vipr's engines consume and nothing else: IPv4 or IPv6 (no extension headers, as
 * HSRP and VRRP never use them) carrying VRRP (protocol / next header 112) or UDP from or to port
 * 1985 or 2029 (HSRP; an IPv4 fragment other than the first has no UDP header and is refused),
 * untagged or with one 802.1Q tag. The receive path normally moves a tag into skb metadata before a
 * packet socket sees the frame, so the tag is usually not in the bytes the filter reads; the inline
 * case is handled too. With `untaggedOnly`, frames that carried a tag are refused in both forms: a
 * port on a parent whose VLANs are VLAN devices of their own must not hear their groups.
 */
export function fhrpFilter(options: { readonly untaggedOnly?: boolean } = {}): Uint8Array {
  const untaggedOnly = options.untaggedOnly === true;
  return assembleBpf([
    ...(untaggedOnly ? [bpf.ldAbsW(AD_VLAN_TAG_PRESENT), bpf.jeq(0, undefined, 'reject')] : []),
    bpf.ldAbsH(12),
    bpf.jeq(ETHERTYPE_VLAN, untaggedOnly ? 'reject' : 'tagged'),
    bpf.ldxImm(14),
    bpf.ja('l3'),
    ...(untaggedOnly ? [] : [bpf.label('tagged'), bpf.ldAbsH(16), bpf.ldxImm(18)]),
    bpf.label('l3'),
    bpf.jeq(0x0800, 'ipv4'),
    bpf.jeq(0x86dd, 'ipv6', 'reject'),

    bpf.label('ipv4'),
    bpf.ldIndB(9),
    bpf.jeq(PROTO_VRRP, 'accept'),
    bpf.jeq(PROTO_UDP, undefined, 'reject'),
    bpf.ldIndH(6),
    bpf.jset(0x1fff, 'reject'),
    // X = start of the UDP header: IP header start + 4 × IHL.
    bpf.ldIndB(0),
    bpf.andK(0x0f),
    bpf.lshK(2),
    bpf.addX(),
    bpf.tax(),
    bpf.ja('ports'),

    bpf.label('ipv6'),
    bpf.ldIndB(6),
    bpf.jeq(PROTO_VRRP, 'accept'),
    bpf.jeq(PROTO_UDP, undefined, 'reject'),
    bpf.txa(),
    bpf.addK(40),
    bpf.tax(),

    bpf.label('ports'),
    bpf.ldIndH(0),
    bpf.jeq(HSRP_PORT, 'accept'),
    bpf.jeq(HSRP_V6_PORT, 'accept'),
    bpf.ldIndH(2),
    bpf.jeq(HSRP_PORT, 'accept'),
    bpf.jeq(HSRP_V6_PORT, 'accept'),

    bpf.label('reject'),
    bpf.ret(0),
    bpf.label('accept'),
    bpf.ret(KEEP_ALL),
  ]);
}
