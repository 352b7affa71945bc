import { readCapture } from '../net/pcap.js';
import type { HsrpMessage } from '../protocols/hsrp/codec.js';
import type { VrrpMessage } from '../protocols/vrrp/codec.js';
import { parseCommandArgs, readCommandFile, singleFile, type Command, type CommandIo } from './command.js';
import { frameRecord, type FrameRecord } from './frame-record.js';

/** `vipr decode FILE [--json] [--key STRING]...`: every HSRP and VRRP frame of a pcap or pcapng file. */
export const decodeCommand: Command = {
  name: 'decode',
  usage: 'decode FILE.pcap|.pcapng [--json] [--key K]...',
  summary: 'decode every HSRP/VRRP frame of a capture',
  async run(args, io) {
    const parsed = parseCommandArgs(this, args, { json: { type: 'boolean' }, key: { type: 'string', multiple: true } });
    const file = singleFile(this, parsed.positionals);
    const bytes = new Uint8Array(await readCommandFile(this, file));
    return decodeCapture(bytes, file, parsed.values.key ?? [], parsed.values.json === true, io);
  },
};

export function decodeCapture(bytes: Uint8Array, name: string, keys: readonly string[], json: boolean, io: CommandIo): number {
  // Lenient as Wireshark: a record longer than the snapshot length is still read, with a warning.
  const capture = readCapture(bytes, { lenientSnaplen: true });
  for (const w of capture.warnings) io.stderr.write(`vipr decode: ${name}: warning at byte ${w.offset}: ${w.message}\n`);
  const out: string[] = [];
  for (const frame of capture.frames) {
    const record = frameRecord(frame, keys);
    if (record !== undefined) out.push(json ? JSON.stringify(record) : describeRecord(record));
    if (out.length >= 512) io.stdout.write(`${out.splice(0).join('\n')}\n`);
  }
  if (out.length > 0) io.stdout.write(`${out.join('\n')}\n`);
  if (capture.error) {
    io.stderr.write(`vipr decode: ${name}: ${capture.error.code} at byte ${capture.error.offset}: ${capture.error.message}\n`);
    return 1;
  }
  return 0;
}

/** One readable line: frame, time of day, addresses, then the protocol's own fields. */
export function describeRecord(r: FrameRecord): string {
  const time = r.time.slice(11, -1);
  const src = r.ip?.source ?? '?';
  const dst = r.ip?.destination ?? '?';
  const vlan = r.ethernet?.tags?.length ? ` vlan ${r.ethernet.tags.map((t) => t.vid).join('.')}` : '';
  const head = `${String(r.frame).padStart(5)}  ${time}  ${src} > ${dst}${vlan}`;
  if (r.error) return `${head}  error ${r.error.code} at byte ${r.error.offset}: ${r.error.message}`;
  const md5 = r.md5 === undefined ? '' : r.md5 === 'verified' ? ' (verified)' : r.md5 === 'wrong-key' ? ' (WRONG KEY)' : ' (not verified: no --key)';
  const body = r.hsrp !== undefined ? describeHsrp(r.hsrp, md5) : r.vrrp !== undefined ? describeVrrp(r, md5) : '';
  return `${head}  ${body}`;
}

const title = (v: string | number): string => (typeof v === 'number' ? `#${v}` : v.charAt(0).toUpperCase() + v.slice(1));

/** `md5` is the verdict text that follows an MD5 auth field. */
function describeHsrp(m: HsrpMessage, md5: string): string {
  if (m.protocol === 'hsrp-v1') {
    if (typeof m.opcode === 'number') return `HSRPv1 opcode ${m.opcode}`;
    if (m.opcode === 'advertise' && 'activeGroups' in m) {
      return `HSRPv1 Advertise ${title(m.state)} active-groups ${m.activeGroups} passive-groups ${m.passiveGroups}`;
    }
    if (!('group' in m)) return 'HSRPv1';
    const auth = m.md5 !== undefined ? `auth md5 key-id ${m.md5.keyId}${md5}` : `auth text "${m.authText}"`;
    return `HSRPv1 ${title(m.opcode)} ${title(m.state)} grp ${m.group} pri ${m.priority} hello ${m.helloTimeS}s hold ${m.holdTimeS}s vip ${m.virtualIp} ${auth}`;
  }
  const parts: string[] = [];
  for (const t of m.tlvs) {
    switch (t.type) {
      case 'group-state':
        parts.push(
          `${title(t.opcode)} ${title(t.state)} grp ${t.group} pri ${t.priority} hello ${t.helloTimeMs}ms hold ${t.holdTimeMs}ms vip ${t.virtualIp} id ${t.identifier}`,
        );
        break;
      case 'interface-state':
        parts.push(`active-groups ${t.activeGroups} passive-groups ${t.passiveGroups}`);
        break;
      case 'text-auth':
        parts.push(`auth text "${t.authText}"`);
        break;
      case 'md5-auth':
        parts.push(`auth md5 key-id ${t.keyId}${md5}`);
        break;
      case 'unknown':
        parts.push(`tlv ${t.tlvType} (${t.value.length / 2} bytes)`);
        break;
    }
  }
  return `HSRPv2 ${parts.join(' ')}`;
}

function describeVrrp(r: FrameRecord, md5: string): string {
  const m = r.vrrp as VrrpMessage;
  const check = r.vrrpChecksum;
  const checksum = check?.status === 'good' ? `checksum ${check.style === 'pseudo-header' ? 'pseudo-header' : 'plain'} ok` : 'checksum BAD';
  const vips = `vip ${m.addresses.join(',') || '-'}`;
  if (m.version === 2) {
    const auth =
      m.authType === 'none'
        ? 'auth none'
        : m.authType === 'text'
          ? `auth text "${m.authText ?? ''}"`
          : m.authType === 'cisco-md5'
            ? `auth md5${m.md5 ? ` key-id ${m.md5.keyId}` : ''}${md5}`
            : `auth ${m.authType}`;
    return `VRRPv2 Advert vrid ${m.vrid} pri ${m.priority} adv ${m.adverIntSec}s ${vips} ${auth} ${checksum}`;
  }
  return `VRRPv3 Advert vrid ${m.vrid} pri ${m.priority} adv ${m.maxAdverIntCs}cs ${vips} ${checksum}`;
}
