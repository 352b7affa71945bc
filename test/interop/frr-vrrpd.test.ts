/**
 * vipr against FRR 8.4 vrrpd (Debian 12), issue 6: VRRPv2, VRRPv3 over IPv4 and over IPv6. In each,
 * on a bridged LAN with a host, both sides win an election, both preempt, both fail over after a
 * crash and both hand over at once when shut down (priority 0).
 *
 * vrrpd runs beside zebra and sends from a macvlan child that carries the virtual MAC and the VIPs
 * (created here, as FRR's documentation asks of the operator); FRR 8.4 has no VRRPv2
 * authentication, so its VRRPv2 group has none. Like keepalived it puts the IPv4 pseudo-header into
 * VRRPv3 checksums, and 8.4 cannot be told otherwise (its vrrpd has no
 * `checksum-with-ipv4-pseudoheader` command; ecosystem §2 "VRRPv3 IPv4 checksum"): vipr accepts its
 * frames as they are, and vrrpd drops vipr's Cisco-style frames ("Datagram invalid: Bad VRRP
 * checksum", logged only with `debug vrrp packets`) until `checksum pseudo-header` is on.
 *
 * vrrpd keeps the VIPs on its macvlan while Backup (the device is only set protodown): the
 * interface under it gets arp_ignore=1 / arp_announce=2 (FrrVrrpd), or the Backup's interface
 * answers ARP for the VIP with its own MAC and the host's traffic goes to the Backup.
 */
import { describe, expect, it } from 'vitest';
import { interopSuite } from '../support/interop-suite.js';
import { FrrVrrpd, pseudoHeaderCliLines, runInteropScenario, type VrrpGroupSpec, type VrrpPeer, viprVrrpConfig } from '../support/vrrp-peers.js';

const suite = interopSuite('frr');

async function scenario(tag: string, spec: VrrpGroupSpec): Promise<void> {
  let frr: FrrVrrpd | undefined;
  await suite.scenario(
    tag,
    spec,
    ({ lab, dir, captureVipr }) =>
      runInteropScenario(
        {
          lab,
          dir,
          spec,
          viprConfig: (priority, pseudoHeader) => viprVrrpConfig(spec, priority, pseudoHeader),
          onViprNamespace: captureVipr,
          startPeer: async (ns, priority): Promise<VrrpPeer> => {
            if (frr === undefined) frr = await FrrVrrpd.start(lab, ns, dir, 'frr', { ...spec, priority });
            else await frr.restart(priority);
            return frr;
          },
          ...(spec.version === 3 && spec.family === 4 ? { checksumControl: { cliLines: pseudoHeaderCliLines(spec), peerRefusal: /Datagram invalid: Bad VRRP checksum/ } } : {}),
          onPeerBackup: () => {
            // vrrpd's own view: Backup, and counting vipr's adverts as received.
            const state = frr!.family();
            expect(state.status, frr!.log.tail()).toBe('Backup');
            expect(state.adverRx, frr!.log.tail()).toBeGreaterThan(0);
          },
        },
        (ok, message) => expect(ok, message).toBe(true),
      ),
    async () => {
      await frr?.close();
    },
  );
}

describe.concurrent('vipr and FRR 8.4 vrrpd in network namespaces', () => {
  it('VRRPv2: elections, preemption, failover and priority-0 handover both ways', async () => {
    await scenario('frr-v2', { vrid: 2, version: 2, family: 4, priority: 100, advertMs: 1000, addresses: ['10.0.0.1'] });
  }, 90_000);

  it('VRRPv3 IPv4: vrrpd drops Cisco-style checksums, accepts vipr with checksum pseudo-header; the same exchanges', async () => {
    await scenario('frr-v3', { vrid: 5, version: 3, family: 4, priority: 100, advertMs: 300, addresses: ['10.0.0.1'] });
  }, 90_000);

  it('VRRPv3 IPv6 (link-local VIP first): the same exchanges', async () => {
    await scenario('frr-v6', { vrid: 6, version: 3, family: 6, priority: 100, advertMs: 300, addresses: ['fe80::1', '2001:db8::1'] });
  }, 90_000);
});

suite.describeWire();
