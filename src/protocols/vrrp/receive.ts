/**
 * Receive validation of an advert for a configured group (RFC 3768 §7.1, RFC 5798 / RFC 9568 §7.1),
 * pure. A failed check names its reason; the engine counts drops by reason (DESIGN D6) and shows them.
 *
 *   'ttl'          IP TTL / hop limit not 255 (RFC 3768 §7.1, RFC 5798 §7.1 "MUST verify")
 *   'version'      a VRRP version the group does not speak (v2 legacy, v3, both with `vrrpv2`)
 *   'checksum'     wrong in every accepted style (IPv4 v3: either style, spec §5.4)
 *   'auth-type'    v2 Auth Type differs from the local method (RFC 3768 §7.1; spec §2.1)
 *   'auth-text'    v2 simple text password differs
 *   'auth-md5'     Cisco MD5 (type 254, spec §5.6) digest does not verify with the local key
 *   'no-auth-data' v2 packet without its 8 auth-data bytes (RFC 3768 §7.1: the complete packet)
 *   'interval'     v2 Adver Int differs from the local one without `timers learn` (RFC 3768 §7.1)
 * The address list is not checked: RFC 5798 §7.1 makes a mismatch a log event, not a drop; it is
 * reported as `addressMismatch` for counting.
 */
import { revealPassword } from '../../model/passwords.js';
import type { KeyChain } from '../../model/types.js';
import type { FhrpFrame } from '../fhrp-frame.js';
import type { VrrpChecksumStyle } from './checksum.js';
import type { VrrpV2Message } from './codec-v2.js';
import { advertAddresses, type VrrpGroupConfig } from './group-config.js';
import { verifyVrrpMd5 } from './md5-auth.js';
import type { VrrpAdvertEvent } from './fsm.js';

export type VrrpDropReason = 'ttl' | 'version' | 'checksum' | 'auth-type' | 'auth-text' | 'auth-md5' | 'no-auth-data' | 'interval';

export type VrrpReceiveVerdict =
  | {
      readonly ok: true;
      readonly event: VrrpAdvertEvent;
      /** The checksum style the sender used (for the per-peer count in show). */
      readonly checksumStyle: VrrpChecksumStyle | undefined;
      readonly addressMismatch: boolean;
    }
  | { readonly ok: false; readonly reason: VrrpDropReason };

export const VRRP_REQUIRED_TTL = 255;

/** The wire Adver Int (seconds) of a v2 group: IOS carries whole seconds, at least 1. */
export function v2AdverIntSec(advertiseMs: number): number {
  return Math.max(1, Math.round(advertiseMs / 1000));
}

/** The key the group signs with and the id it sends (key-chain: the lowest key with a key-string). */
export function md5SendKey(g: VrrpGroupConfig, keyChains: readonly KeyChain[]): { key: string; keyId: number } | undefined {
  const auth = g.authentication;
  if (auth === undefined || auth.kind === 'text') return undefined;
  if (auth.kind === 'md5-key-string') return { key: revealPassword(auth.key), keyId: 1 };
  const chain = keyChains.find((c) => c.name === auth.chain);
  const key = chain?.keys.filter((k) => k.keyString !== undefined).sort((a, b) => a.id - b.id)[0];
  return key?.keyString === undefined ? undefined : { key: revealPassword(key.keyString), keyId: key.id };
}

function checkV2Auth(g: VrrpGroupConfig, m: VrrpV2Message, keyChains: readonly KeyChain[]): VrrpDropReason | undefined {
  if (m.authData === '') return 'no-auth-data';
  const auth = g.authentication;
  if (auth === undefined) return m.authType === 'none' ? undefined : 'auth-type';
  switch (auth.kind) {
    case 'text': {
      if (m.authType !== 'text') return 'auth-type';
      // Auth Data is the password NUL-padded to 8 bytes (RFC 2338 §5.3.10); IOS keeps 8 characters.
      return m.authText === auth.text.slice(0, 8) ? undefined : 'auth-text';
    }
    case 'md5-key-string':
      if (m.authType !== 'cisco-md5') return 'auth-type';
      return verifyVrrpMd5(m, revealPassword(auth.key)) === 'verified' ? undefined : 'auth-md5';
    case 'md5-key-chain': {
      if (m.authType !== 'cisco-md5') return 'auth-type';
      // The receiver looks up the key with the sender's key id (spec §2.4).
      const chain = keyChains.find((c) => c.name === auth.chain);
      const key = chain?.keys.find((k) => k.id === m.md5?.keyId);
      if (key?.keyString === undefined) return 'auth-md5';
      return verifyVrrpMd5(m, revealPassword(key.keyString)) === 'verified' ? undefined : 'auth-md5';
    }
    default:
      return 'auth-type';
  }
}

export function validateAdvert(g: VrrpGroupConfig, frame: FhrpFrame, keyChains: readonly KeyChain[]): VrrpReceiveVerdict {
  const m = frame.vrrp;
  if (m === undefined) return { ok: false, reason: 'version' };
  const ttl = 'ttl' in frame.ip ? frame.ip.ttl : frame.ip.hopLimit;
  if (ttl !== VRRP_REQUIRED_TTL) return { ok: false, reason: 'ttl' };
  if (!g.acceptVersions.includes(m.version)) return { ok: false, reason: 'version' };
  if (frame.vrrpChecksum?.status !== 'good') return { ok: false, reason: 'checksum' };
  let adverIntervalCs: number;
  if (m.version === 2) {
    const bad = checkV2Auth(g, m, keyChains);
    if (bad !== undefined) return { ok: false, reason: bad };
    if (!g.timersLearn && g.form === 'legacy' && m.adverIntSec !== v2AdverIntSec(g.advertiseMs)) return { ok: false, reason: 'interval' };
    adverIntervalCs = m.adverIntSec * 100;
  } else {
    adverIntervalCs = m.maxAdverIntCs;
  }
  const mine = advertAddresses(g);
  const addressMismatch = mine.length !== m.addresses.length || mine.some((a, i) => a !== m.addresses[i]);
  return {
    ok: true,
    event: { kind: 'advert', priority: m.priority, adverIntervalCs, source: frame.ip.source },
    checksumStyle: frame.vrrpChecksum.style,
    addressMismatch,
  };
}
