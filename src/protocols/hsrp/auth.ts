/**
 * HSRP authentication policy (spec §2): which key a group signs with and whether a received message
 * passes. Pure: key chains and the current time are arguments.
 *
 *  - text (default "cisco", spec §2.1): the 8-byte field (v1 header, v2 Text Authentication TLV) must
 *    equal the configured string;
 *  - MD5 key-string (spec §2.4): key id 0; `timeout T` keeps accepting the previous key for T seconds
 *    after a change (the host passes those keys in `extraAcceptKeys`);
 *  - MD5 key-chain: the sender uses the lowest-numbered key whose send-lifetime covers now and puts its
 *    number in Key ID; the receiver takes the key with that ID if its accept-lifetime covers now.
 * A scheme mismatch (text against MD5) fails (spec §2.1, Cisco MD5 document).
 */
import type { FhrpAuthentication, Key, KeyChain } from '../../model/types.js';
import { revealPassword } from '../../model/passwords.js';
import type { HsrpMessage } from './codec.js';
import { hsrpV2Md5 } from './codec-v2.js';
import { verifyHsrpMd5 } from './md5-auth.js';
import { DEFAULT_AUTH_TEXT } from './auth-field.js';

export type HsrpSendAuth =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'md5'; readonly key: string; readonly keyId: number };

/** Extra MD5 keys still accepted (key-string `timeout`), each until `untilMs`. */
export interface HsrpGraceKey {
  readonly key: string;
  readonly untilMs: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `hh:mm:ss Month day year` or `hh:mm:ss day Month year` (both accepted by IOS) → ms since epoch (UTC). */
function parseKeyTime(words: readonly string[]): number | undefined {
  const [time, a, b, year] = words;
  if (time === undefined || a === undefined || b === undefined || year === undefined) return undefined;
  const hms = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
  if (!hms) return undefined;
  const monthWord = /^\d+$/.test(a) ? b : a;
  const day = Number(/^\d+$/.test(a) ? a : b);
  const month = MONTHS.findIndex((m) => monthWord.toLowerCase().startsWith(m));
  if (month < 0 || !Number.isInteger(day)) return undefined;
  return Date.UTC(Number(year), month, day, Number(hms[1]), Number(hms[2]), Number(hms[3]));
}

/** A key lifetime line (`accept-lifetime START {infinite | END | duration S}`): whether `nowMs` is inside it. */
function lifetimeCovers(line: string, nowMs: number): boolean {
  const w = line.trim().split(/\s+/).slice(1);
  const start = parseKeyTime(w.slice(0, 4));
  if (start === undefined) return true;
  if (nowMs < start) return false;
  const rest = w.slice(4);
  if (rest[0] === undefined || rest[0] === 'infinite') return true;
  if (rest[0] === 'duration') return nowMs < start + Number(rest[1] ?? 0) * 1000;
  const end = parseKeyTime(rest);
  return end === undefined || nowMs <= end;
}

/** Whether a key may be used now for sending ('send-lifetime') or accepting ('accept-lifetime'). */
export function keyValid(key: Key, use: 'send' | 'accept', nowMs: number): boolean {
  if (key.keyString === undefined) return false;
  const prefix = `${use}-lifetime`;
  return key.verbatim.filter((v) => v.startsWith(prefix)).every((v) => lifetimeCovers(v, nowMs));
}

/** The key and key id a group signs with now; undefined when a key chain has no valid send key. */
export function hsrpSendAuth(auth: FhrpAuthentication, keyChains: readonly KeyChain[], nowMs: number): HsrpSendAuth | undefined {
  switch (auth.kind) {
    case 'text':
      return { kind: 'text', text: auth.text };
    case 'md5-key-string':
      return { kind: 'md5', key: revealPassword(auth.key), keyId: 0 };
    case 'md5-key-chain': {
      const chain = keyChains.find((c) => c.name === auth.chain);
      const keys = [...(chain?.keys ?? [])].sort((a, b) => a.id - b.id);
      const key = keys.find((k) => keyValid(k, 'send', nowMs));
      return key?.keyString === undefined ? undefined : { kind: 'md5', key: revealPassword(key.keyString), keyId: key.id };
    }
  }
}

/** The text a message carries in its authentication field, or undefined when it carries MD5. */
function messageText(m: HsrpMessage): string | undefined {
  if (m.protocol === 'hsrp-v1') {
    if (!('authText' in m) || m.md5 !== undefined) return undefined;
    return m.authText;
  }
  if (hsrpV2Md5(m) !== undefined) return undefined;
  for (const t of m.tlvs) if (t.type === 'text-auth') return t.authText;
  // A v2 hello with no authentication TLV at all: only the default key can match it.
  return DEFAULT_AUTH_TEXT;
}

function messageKeyId(m: HsrpMessage): number | undefined {
  if (m.protocol === 'hsrp-v1') return 'md5' in m ? m.md5?.keyId : undefined;
  return hsrpV2Md5(m)?.keyId;
}

/** Whether a received message passes the group's authentication. */
export function hsrpAuthenticates(m: HsrpMessage, auth: FhrpAuthentication, keyChains: readonly KeyChain[], nowMs: number, graceKeys: readonly HsrpGraceKey[] = []): boolean {
  const text = messageText(m);
  switch (auth.kind) {
    case 'text':
      return text !== undefined && text === auth.text.slice(0, 8);
    case 'md5-key-string': {
      if (text !== undefined) return false;
      if (verifyHsrpMd5(m, revealPassword(auth.key)) === 'verified') return true;
      return graceKeys.some((g) => nowMs < g.untilMs && verifyHsrpMd5(m, g.key) === 'verified');
    }
    case 'md5-key-chain': {
      if (text !== undefined) return false;
      const id = messageKeyId(m);
      const key = keyChains.find((c) => c.name === auth.chain)?.keys.find((k) => k.id === id);
      if (key?.keyString === undefined || !keyValid(key, 'accept', nowMs)) return false;
      return verifyHsrpMd5(m, revealPassword(key.keyString)) === 'verified';
    }
  }
}

/**
 * Whether a message that passes `hsrpAuthenticates` passes it whatever the time: text, or MD5 signed
 * with the group's own key-string (not a key-string `timeout` grace key, nor a key chain, whose
 * lifetimes are a matter of time). The engine then need not check that same message again.
 */
export function hsrpAuthenticatesAlways(m: HsrpMessage, auth: FhrpAuthentication): boolean {
  switch (auth.kind) {
    case 'text':
      return hsrpAuthenticates(m, auth, [], 0);
    case 'md5-key-string':
      return messageText(m) === undefined && verifyHsrpMd5(m, revealPassword(auth.key)) === 'verified';
    case 'md5-key-chain':
      return false;
  }
}
