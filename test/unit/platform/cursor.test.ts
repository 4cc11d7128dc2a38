import { BadRequestError } from '../../../src/platform/http/errors';
import { pageCursors } from '../../../src/platform/db/cursor';

const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);
const LIST = 'users/byRole/ROLE#patient';
const key = { pk: 'USER#1f0c', sk: 'PROFILE', gsi1pk: 'ROLE#patient', gsi1sk: 'patel#asha#1f0c' };

describe('page cursors', () => {
  it('give back the key they sealed, and show nothing of it', () => {
    const cursors = pageCursors([OLD]);
    const cursor = cursors.seal(key, LIST);

    expect(cursors.open(cursor, LIST)).toEqual(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/patel|asha|USER|ROLE/i);
    expect(cursors.seal(key, LIST)).not.toBe(cursor);
  });

  it('still open after the secret is rotated (newest first), and no longer once the old secret is dropped', () => {
    const cursor = pageCursors([OLD]).seal(key, LIST);

    expect(pageCursors([NEW, OLD]).open(cursor, LIST)).toEqual(key);
    expect(() => pageCursors([NEW]).open(cursor, LIST)).toThrow(BadRequestError);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['characters outside base64url', 'abc$%^'],
    ['plain base64 JSON of a key', Buffer.from(JSON.stringify(key)).toString('base64url')],
    ['an empty string', ''],
    ['a huge string', 'A'.repeat(5000)],
  ])('refuse %s with 400', (_label, cursor) => {
    expect(() => pageCursors([OLD]).open(cursor, LIST)).toThrow(BadRequestError);
    expect(() => pageCursors([OLD]).open(cursor, LIST)).toThrow('That page link is not valid');
  });

  it('refuse a cursor edited by one bit, or made for another list', () => {
    const cursors = pageCursors([OLD]);
    const bytes = Buffer.from(cursors.seal(key, LIST), 'base64url');
    bytes[bytes.length - 1] ^= 1;

    expect(() => cursors.open(bytes.toString('base64url'), LIST)).toThrow(BadRequestError);
    expect(() => cursors.open(cursors.seal(key, LIST), 'users/byRole/ROLE#doctor')).toThrow(BadRequestError);
  });
});
