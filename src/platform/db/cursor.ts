/**
 * Page cursors handed to browsers. A cursor is DynamoDB's LastEvaluatedKey, and a key can say more
 * than a URL should (the users list sorts by last and first name), so it is sealed with
 * AES-256-GCM: opaque in the address bar, access logs and browser history, and a cursor that was
 * edited, forged or made for another list is refused with 400 instead of reaching DynamoDB.
 * The key is derived from the session secrets: the newest seals, every one opens, so rotating the
 * secret does not break a "Next page" link an admin is holding.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { BadRequestError } from '../http/errors';

export type StartKey = Record<string, unknown>;

export interface PageCursors {
  /** `list` names the query the key belongs to; the cursor opens only for that list. */
  seal(key: StartKey, list: string): string;
  /** The key inside a cursor from seal(), or BadRequestError. */
  open(cursor: string, list: string): StartKey;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Far above any real key (a few hundred characters), far below what decrypting should ever take on. */
const MAX_CURSOR_LENGTH = 2000;
const INFO = 'medtrack page cursor v1';

export class BadCursorError extends BadRequestError {
  constructor() {
    super('That page link is not valid (it may be from another list, or too old). Go back to the first page of the list.');
  }
}

export function pageCursors(secrets: readonly string[]): PageCursors {
  const keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, '', INFO, 32)));
  return {
    seal(key, list) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys[0], iv).setAAD(Buffer.from(list));
      const sealed = Buffer.concat([cipher.update(JSON.stringify(key)), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
    },
    open(cursor, list) {
      if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new BadCursorError();
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.length <= IV_BYTES + TAG_BYTES) throw new BadCursorError();
      for (const key of keys) {
        const opened = tryOpen(key, bytes, list);
        if (opened) return opened;
      }
      throw new BadCursorError();
    },
  };
}

function tryOpen(key: Buffer, bytes: Buffer, list: string): StartKey | undefined {
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(list));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as StartKey;
  } catch {
    // Wrong key (a rotated secret) or not ours: the next key may open it.
    return undefined;
  }
}
