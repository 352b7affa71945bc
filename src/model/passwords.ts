/**
 * Passwords and secrets as IOS stores them. Type 0 is clear text; type 7 is Cisco's reversible
 * Vigenère obfuscation (what `service password-encryption` turns type 0 passwords into); types 5, 8
 * and 9 are one-way hashes (MD5-crypt, PBKDF2-SHA-256, scrypt) and are never shown in clear.
 */
import { createHash, pbkdf2Sync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

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

/**
 * The clear text of a type 7 string, or undefined when it is not one: two decimal digits of seed
 * (0-15), then at least one byte in hex (a published description of the scheme gives 4 to 52 digits).
 */
export function decodeType7(cipher: string): string | undefined {
  if (!/^\d\d([0-9A-Fa-f]{2})+$/.test(cipher)) return undefined;
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

/**
 * Type 5: MD5-crypt (Poul-Henning Kamp's FreeBSD `$1$` scheme), what `enable secret` produced before
 * types 8 and 9 (IOS stores it as `$1$SALT$HASH`, usually with a 4-character salt). The salt is at
 * most 8 characters and the hash uses the same `./0-9A-Za-z` alphabet as types 8 and 9, but in the
 * crypt(3) bit order, not as base64.
 */
export function hashType5(clear: string, salt: string = randomSalt().slice(0, 4)): string {
  const pw = Buffer.from(clear, 'latin1');
  const s = Buffer.from(salt.split('$')[0]?.slice(0, 8) ?? '', 'latin1');
  const magic = Buffer.from('$1$', 'latin1');
  const md5 = (...parts: Buffer[]): Buffer => {
    const h = createHash('md5');
    for (const p of parts) h.update(p);
    return h.digest();
  };
  const alt = md5(pw, s, pw);
  const ctx: Buffer[] = [pw, magic, s];
  for (let left = pw.length; left > 0; left -= 16) ctx.push(alt.subarray(0, Math.min(16, left)));
  // The historic quirk: a zero byte for each set bit of the length, the first password byte otherwise.
  for (let i = pw.length; i > 0; i >>= 1) ctx.push(i & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let f = md5(...ctx);
  // 1000 rounds, to slow down dictionary attacks (the scheme's only stretching).
  for (let i = 0; i < 1000; i++) {
    const round: Buffer[] = [i & 1 ? pw : f];
    if (i % 3) round.push(s);
    if (i % 7) round.push(pw);
    round.push(i & 1 ? f : pw);
    f = md5(...round);
  }
  const b = (k: number): number => f[k] ?? 0;
  let out = '';
  const to64 = (v: number, chars: number): void => {
    for (let k = 0; k < chars; k++, v >>= 6) out += CISCO_B64[v & 0x3f];
  };
  to64((b(0) << 16) | (b(6) << 8) | b(12), 4);
  to64((b(1) << 16) | (b(7) << 8) | b(13), 4);
  to64((b(2) << 16) | (b(8) << 8) | b(14), 4);
  to64((b(3) << 16) | (b(9) << 8) | b(15), 4);
  to64((b(4) << 16) | (b(10) << 8) | b(5), 4);
  to64(b(11), 2);
  return `$1$${s.toString('latin1')}$${out}`;
}

/** `$1$`, `$8$` or `$9$`, the salt, and the hash, as the model stores a secret of that type. */
const SECRET_FORM: Record<Secret['type'], RegExp> = {
  5: /^\$1\$([^$]{0,8})\$[./0-9A-Za-z]{22}$/,
  8: /^\$8\$([./0-9A-Za-z]{14})\$[./0-9A-Za-z]{43}$/,
  9: /^\$9\$([./0-9A-Za-z]{14})\$[./0-9A-Za-z]{43}$/,
};

/** Whether a type 5, 8 or 9 secret is well formed (what `enable secret 5|8|9 …` accepts). */
export function isValidSecret(type: Secret['type'], hash: string): boolean {
  return SECRET_FORM[type].test(hash);
}

/**
 * Checks a candidate (typed at `Password:`, or over SSH) against a stored secret: the candidate is
 * hashed again with the secret's own salt and the two are compared in constant time.
 */
export function verifySecret(secret: Secret, candidate: string): boolean {
  const m = SECRET_FORM[secret.type]?.exec(secret.hash);
  if (!m) return false;
  const salt = m[1] ?? '';
  const again = secret.type === 5 ? hashType5(candidate, salt) : secret.type === 8 ? hashType8(candidate, salt) : hashType9(candidate, salt);
  const a = Buffer.from(again);
  const b = Buffer.from(secret.hash);
  return a.length === b.length && timingSafeEqual(a, b);
}
