import bcrypt from 'bcryptjs';
import { hashPassword, verifyPassword } from '../../../src/auth/passwords';

describe('passwords', () => {
  it('hashes with bcrypt at the configured cost and verifies', async () => {
    const hash = await hashPassword('a good password', 10);
    expect(bcrypt.getRounds(hash)).toBe(10);
    await expect(verifyPassword('a good password', hash, 10)).resolves.toBe(true);
    await expect(verifyPassword('a good passworD', hash, 10)).resolves.toBe(false);
  });

  it('never matches a password over 72 bytes, even when its first 72 bytes match', async () => {
    const first72 = 'p'.repeat(72);
    const hash = await hashPassword(first72, 10);
    await expect(verifyPassword(first72 + 'extra', hash, 10)).resolves.toBe(false);
  });

  it('says no for a missing account after doing the same bcrypt work', async () => {
    await expect(verifyPassword('anything at all', undefined, 10)).resolves.toBe(false);
  });
});
