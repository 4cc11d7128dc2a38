/** bcryptjs hashing. Passwords are limited to 72 bytes because bcrypt ignores the rest. */
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

export const MIN_PASSWORD_BYTES = 10;
export const MAX_PASSWORD_BYTES = 72;

const dummyHashes = new Map<number, Promise<string>>();

/** A real hash of a random secret at the same cost, so a check for an unknown account costs the same. */
function dummyHash(cost: number): Promise<string> {
  if (!dummyHashes.has(cost)) dummyHashes.set(cost, bcrypt.hash(randomBytes(16).toString('hex'), cost));
  return dummyHashes.get(cost)!;
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

/** Compares with the same work whether or not an account was found, so timing reveals nothing. */
export async function verifyPassword(password: string, hash: string | undefined, cost: number): Promise<boolean> {
  const tooLong = Buffer.byteLength(password) > MAX_PASSWORD_BYTES;
  const matches = await bcrypt.compare(tooLong ? '' : password, hash ?? (await dummyHash(cost)));
  return matches && !tooLong && hash !== undefined;
}
