/**
 * The secrets of two-step sign-in at rest. An authenticator secret is sealed with AES-256-GCM
 * under a key derived (HKDF) from the session secrets, the newest sealing and every one opening,
 * so a database copy alone cannot mint codes and a rotated session secret keeps old seals
 * readable. Recovery codes are kept only as HMACs under keys derived the same way: a code is
 * 50 random bits, too few to survive an offline guess against a bare hash.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';

interface Key {
  id: string;
  bytes: Buffer;
}

export interface MfaSecrets {
  seal(secret: string): string;
  /** The secret inside a seal, and whether it was sealed under an older key (worth resealing). */
  open(sealed: string): { secret: string; stale: boolean } | undefined;
  /** The HMAC of a recovery code under every key, newest first: the newest is stored, any may match. */
  recoveryHashes(code: string): string[];
}

const derive = (secrets: readonly string[], info: string): Key[] =>
  secrets.map((secret) => ({
    id: createHash('sha256').update(`${info}:${secret}`).digest('hex').slice(0, 8),
    bytes: Buffer.from(hkdfSync('sha256', secret, '', info, 32)),
  }));

export function mfaSecrets(sessionSecrets: readonly string[]): MfaSecrets {
  const sealing = derive(sessionSecrets, 'medtrack mfa secret v1');
  const hashing = derive(sessionSecrets, 'medtrack mfa recovery v1');
  return {
    seal(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealing[0].bytes, iv);
      const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return [sealing[0].id, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed) {
      const [id, iv, tag, data] = sealed.split('.');
      const key = sealing.find((k) => k.id === id);
      if (!key || !iv || !tag || !data) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const secret = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
        return { secret, stale: key !== sealing[0] };
      } catch {
        return undefined;
      }
    },
    recoveryHashes(code) {
      const normalised = normaliseRecoveryCode(code);
      return hashing.map((key) => createHmac('sha256', key.bytes).update(normalised).digest('hex'));
    },
  };
}

// No 0/o, 1/l/i: codes are read off paper and typed.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** Ten fresh recovery codes, `xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  const part = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => `${part()}-${part()}`);
}

/** What the person typed, as stored: lower case, no spaces or dashes. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/** A recovery code as typed (with or without its dash); anything else is an authenticator code. */
export const looksLikeRecoveryCode = (code: string) => /^[a-z2-9]{10}$/.test(normaliseRecoveryCode(code));
