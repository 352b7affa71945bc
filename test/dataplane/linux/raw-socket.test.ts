/**
 * Failure paths of the raw socket and the port: errors come back as JS errors named by errno, never
 * as a crash; a port whose device does not exist yet is down and drops what it is asked to send.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleBpf, bpf, fhrpFilter } from '../../../src/dataplane/linux/bpf.js';
import { LinkMonitor, readLinkState } from '../../../src/dataplane/linux/link-monitor.js';
import { LinuxPort } from '../../../src/dataplane/linux/linux-port.js';
import { RawSocket } from '../../../src/dataplane/linux/raw-socket.js';
import { NetnsLab, sweepStaleNamespaces } from '../../support/netns.js';
import { FHRP_FRAMES } from './frames.js';

const AGENT = join(import.meta.dirname, 'port-agent.ts');

describe('the BPF assembler', () => {
  it('resolves labels into forward offsets and lays out struct sock_filter', () => {
    const prog = assembleBpf([bpf.ldAbsH(12), bpf.jeq(0x0800, 'yes', 'no'), bpf.label('no'), bpf.ret(0), bpf.label('yes'), bpf.ret(0x40000)]);
    expect(prog.length).toBe(4 * 8);
    const view = new DataView(prog.buffer);
    const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    expect(view.getUint16(8, le)).toBe(0x15); // BPF_JMP|BPF_JEQ|BPF_K
    expect([prog[10], prog[11]]).toEqual([1, 0]);
    expect(view.getUint32(12, le)).toBe(0x0800);
  });

  it('refuses unknown labels, duplicate labels and backward jumps', () => {
    expect(() => assembleBpf([bpf.ja('nowhere')])).toThrow(/not defined/);
    expect(() => assembleBpf([bpf.label('x'), bpf.label('x'), bpf.ret(0)])).toThrow(/twice/);
    expect(() => assembleBpf([bpf.label('back'), bpf.ret(0), bpf.ja('back')])).toThrow(/forward/);
  });

  it('builds the FHRP programs within the classic BPF limits', () => {
    for (const p of [fhrpFilter(), fhrpFilter({ untaggedOnly: true })]) {
      expect(p.length % 8).toBe(0);
      expect(p.length / 8).toBeLessThan(64);
    }
  });
});

describe('errors', () => {
  it('names a device that does not exist ENODEV, and reads it as absent', () => {
    let err: unknown;
    try {
      new RawSocket(0x7ffffff0, { onFrame: () => {}, onError: () => {} });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ENODEV', message: expect.stringMatching(/No such device \(ENODEV\)/) });
    expect(readLinkState('vipr-nope0')).toMatchObject({ present: false, ifindex: 0 });
  });

  it('makes a port on a missing device that is down, drops frames and does not throw', () => {
    const monitor = new LinkMonitor();
    const port = new LinuxPort('GigabitEthernet0/9', 'vipr-nope0', { monitor });
    try {
      expect(port.present()).toBe(false);
      expect(port.linkUp()).toBe(false);
      expect(port.ifindex).toBeUndefined();
      port.send(new Uint8Array(60));
      expect(port.counters.txDropped).toBe(1);
    } finally {
      port.close();
      monitor.close();
    }
  });

  describe('in a namespace', () => {
    let lab: NetnsLab;
    let E: string;
    beforeAll(() => {
      sweepStaleNamespaces();
      lab = new NetnsLab('err');
      E = lab.namespace('e');
      lab.veth(E, 'eth1', lab.namespace('f'), 'eth1');
    });
    afterAll(async () => {
      await lab?.cleanup();
    });

    it('reports EPERM without CAP_NET_RAW (NET_ADMIN alone is not enough)', async () => {
      const agent = await lab.node(E, AGENT, { wrapper: ['setpriv', '--inh-caps=-net_raw', '--bounding-set=-net_raw'] });
      await expect(agent.request('open', { port: 'p', device: 'eth1' })).rejects.toMatchObject({ code: 'EPERM', message: expect.stringMatching(/socket AF_PACKET: Operation not permitted/) });
      // The agent lived through it and still answers.
      await expect(agent.request('link-state', { device: 'eth1' })).resolves.toMatchObject({ present: true });
    });

    it('opens on an administratively down device, reports it down, and comes up with it', async () => {
      const agent = await lab.node(E, AGENT);
      lab.ip(E, 'link', 'set', 'eth1', 'down');
      const info = await agent.request<{ present: boolean; up: boolean }>('open', { port: 'p', device: 'eth1' });
      expect(info).toMatchObject({ present: true, up: false });
      lab.ip(E, 'link', 'set', 'eth1', 'up');
      await agent.waitFor((e) => e.event === 'link' && e.up === true, 5000, 'link up');
      const sent = await agent.request<{ counters: { txFrames: number } }>('send', { port: 'p', frames: [FHRP_FRAMES['HSRPv1']] });
      expect(sent.counters.txFrames).toBe(1);
      expect(agent.events.filter((e) => e.event === 'error')).toEqual([]);
    });
  });
});
