/**
 * Password hashing with scrypt (RFC 7914) from node:crypto: a slow, memory-hard hash, so a stolen table does not
 * give passwords away. Stored as `scrypt$N$r$p$<salt b64>$<hash b64>` so the cost can rise later without breaking
 * stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 is its minimum; 2^15 keeps a login near
// 50 ms on a small server. NOTE: raise N together with the hardware; old hashes keep their own N.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** Smallest and largest password length accepted. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFKC'), salt, KEYLEN, {
    N,
    r: R,
    p: P,
    maxmem: 128 * N * R * 2,
  });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Number.isInteger(cost.N) || !Number.isInteger(cost.r) || !Number.isInteger(cost.p)) return false;
  const actual = await scryptAsync(
    password.normalize('NFKC'),
    Buffer.from(saltB64, 'base64'),
    expected.length,
    {
      ...cost,
      maxmem: 128 * cost.N * cost.r * 2,
    },
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Problems with a new password, empty when it is acceptable. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN) problems.push(`must be at least ${PASSWORD_MIN} characters long`);
  if (password.length > PASSWORD_MAX) problems.push(`must be at most ${PASSWORD_MAX} characters long`);
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  if (/^(.)\1*$/.test(password)) problems.push('must not repeat one character');
  return problems;
}

/** A random password a person can type: 16 characters without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
