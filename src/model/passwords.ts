/**
 * Passwords and secrets as IOS stores them. Type 0 is clear text; type 7 is Cisco's reversible
 * Vigenère obfuscation (what `service password-encryption` turns type 0 passwords into); types 5, 8
 * and 9 are one-way hashes (MD5-crypt, PBKDF2-SHA-256, scrypt) and are never shown in clear.
 */
import { pbkdf2Sync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface Password {
  readonly type: 0 | 7;
  /** Clear text for type 0, the type-7 hex string for type 7. */
  readonly text: string;
}

export interface Secret {
  readonly type: 5 | 8 | 9;
  readonly hash: string;
}

const XLAT = 'dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87';

/** Type 7 with a given seed (0-15); IOS picks the seed at random, vipr derives it from the text. */
export function encodeType7(clear: string, seed = defaultSeed(clear)): string {
  let out = seed.toString().padStart(2, '0');
  for (let i = 0; i < clear.length; i++) {
    const c = clear.charCodeAt(i) ^ XLAT.charCodeAt((seed + i) % XLAT.length);
    out += c.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function decodeType7(cipher: string): string | undefined {
  if (!/^\d\d([0-9A-Fa-f]{2})*$/.test(cipher)) return undefined;
  const seed = Number(cipher.slice(0, 2));
  if (seed > 15) return undefined;
  let out = '';
  for (let i = 2, k = 0; i < cipher.length; i += 2, k++) {
    out += String.fromCharCode(parseInt(cipher.slice(i, i + 2), 16) ^ XLAT.charCodeAt((seed + k) % XLAT.length));
  }
  return out;
}

function defaultSeed(clear: string): number {
  let h = 0;
  for (let i = 0; i < clear.length; i++) h = (h * 31 + clear.charCodeAt(i)) >>> 0;
  return h % 16;
}

/** The clear text of a password, for the engines (HSRP/VRRP keys) and login checks. */
export function revealPassword(p: Password): string {
  return p.type === 0 ? p.text : (decodeType7(p.text) ?? '');
}

/** What `service password-encryption` does to a stored password. */
export function encryptPassword(p: Password): Password {
  return p.type === 7 ? p : { type: 7, text: encodeType7(p.text) };
}

const CISCO_B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const STD_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function ciscoBase64(b: Uint8Array): string {
  const std = Buffer.from(b).toString('base64').replace(/=+$/, '');
  let out = '';
  for (const ch of std) out += CISCO_B64[STD_B64.indexOf(ch)] ?? '';
  return out;
}

/** A fresh 14-character salt in Cisco's alphabet. */
export function randomSalt(): string {
  const bytes = randomBytes(14);
  let s = '';
  for (const b of bytes) s += CISCO_B64[b % 64] ?? '.';
  return s;
}

/** Type 9 (scrypt, N=16384 r=1 p=1) as `enable secret 9` shows it. */
export function hashType9(clear: string, salt: string = randomSalt()): string {
  const dk = scryptSync(clear, salt, 32, { N: 16384, r: 1, p: 1 });
  return `$9$${salt}$${ciscoBase64(dk)}`;
}

/** Type 8 (PBKDF2-SHA-256, 20000 iterations). */
export function hashType8(clear: string, salt: string = randomSalt()): string {
  const dk = pbkdf2Sync(clear, salt, 20000, 32, 'sha256');
  return `$8$${salt}$${ciscoBase64(dk)}`;
}

/** Checks a candidate against a secret; type 5 (MD5-crypt) is not verified yet and never matches. */
export function verifySecret(secret: Secret, candidate: string): boolean {
  const m = /^\$([89])\$([^$]+)\$/.exec(secret.hash);
  if (!m || String(secret.type) !== m[1]) return false;
  const again = secret.type === 9 ? hashType9(candidate, m[2]) : hashType8(candidate, m[2]);
  const a = Buffer.from(again);
  const b = Buffer.from(secret.hash);
  return a.length === b.length && timingSafeEqual(a, b);
}
