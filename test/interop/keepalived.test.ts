/**
 * vipr against keepalived 2.2.7 (Debian 12), issue 6: VRRPv2 with text authentication, VRRPv3 over
 * IPv4 and over IPv6. In each, on a bridged LAN with a host, both sides win an election, both
 * preempt, both fail over after a crash and both hand over at once when shut down (priority 0).
 *
 * keepalived computes the VRRPv3 IPv4 checksum over the IPv4 pseudo-header and 2.2.7 has no switch
 * for multicast groups (no `v3_checksum_as_v2`; its `old_unicast_checksum` concerns unicast peers;
 * ecosystem §2 "VRRPv3 IPv4 checksum"): vipr accepts its frames as they are, and vipr's Cisco-style
 * frames are refused ("Invalid VRRPv3 checksum", keepalived then becomes Master too) until
 * `checksum pseudo-header` is on. tshark confirms which style each side sent.
 */
import { describe, expect, it } from 'vitest';
import { interopSuite } from '../support/interop-suite.js';
import { Keepalived, pseudoHeaderCliLines, runInteropScenario, type VrrpGroupSpec, viprVrrpConfig } from '../support/vrrp-peers.js';

const suite = interopSuite('ka');

async function scenario(tag: string, spec: VrrpGroupSpec): Promise<void> {
  let starts = 0;
  await suite.scenario(tag, spec, ({ lab, dir, captureVipr }) =>
    runInteropScenario(
      {
        lab,
        dir,
        spec,
        viprConfig: (priority, pseudoHeader) => viprVrrpConfig(spec, priority, pseudoHeader),
        onViprNamespace: captureVipr,
        startPeer: (ns, priority) => Keepalived.start(lab, ns, dir, `ka${++starts}`, { ...spec, priority }),
        ...(spec.version === 3 && spec.family === 4
          ? { checksumControl: { cliLines: pseudoHeaderCliLines(spec), peerRefusal: new RegExp(`\\(VI_${spec.vrid}\\) Invalid VRRPv3 checksum`) } }
          : {}),
      },
      (ok, message) => expect(ok, message).toBe(true),
    ),
  );
}

describe.concurrent('vipr and keepalived 2.2.7 in network namespaces', () => {
  it('VRRPv2 with text authentication: elections, preemption, failover and priority-0 handover both ways', async () => {
    await scenario('ka-v2', { vrid: 1, version: 2, family: 4, priority: 100, advertMs: 1000, addresses: ['10.0.0.1'], authText: 'secret' });
  }, 90_000);

  it('VRRPv3 IPv4: keepalived refuses Cisco-style checksums, accepts vipr with checksum pseudo-header; the same exchanges', async () => {
    await scenario('ka-v3', { vrid: 5, version: 3, family: 4, priority: 100, advertMs: 300, addresses: ['10.0.0.1'] });
  }, 90_000);

  it('VRRPv3 IPv6 (link-local VIP first): the same exchanges', async () => {
    await scenario('ka-v6', { vrid: 6, version: 3, family: 6, priority: 100, advertMs: 300, addresses: ['fe80::1', '2001:db8::1'] });
  }, 90_000);
});

suite.describeWire();
