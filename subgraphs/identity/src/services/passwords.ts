/** Password hashing with scrypt (node:crypto: no native build) and the password policy. */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { badUserInput } from '@caregraph/errors';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
/** N=2^15 costs ~50 ms per hash on this hardware: slow for guessing, fine for sign-in. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Rejects passwords outside the policy with BAD_USER_INPUT. */
export function assertPasswordPolicy(password: string, email?: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw badUserInput(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, 'password');
  if (password.length > MAX_PASSWORD_LENGTH)
    throw badUserInput(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`, 'password');
  if (email && password.toLowerCase() === email.toLowerCase()) throw badUserInput('The password must not be the email address.', 'password');
}

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist, so a wrong email costs the same time as a wrong password. */
export const timingDecoy = hashPassword('timing-decoy-password');
