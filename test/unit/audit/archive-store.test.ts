/**
 * How the audit archive writes to S3: once (a conditional put), with the SHA-256 S3 checks, and
 * locked with a retention date in aws mode only (s3rver has no Object Lock).
 */
import type { PutObjectCommand } from '@aws-sdk/client-s3';
import { putOnce, type ArchiveStore } from '../../../src/audit/archive-store';
import type { Storage } from '../../../src/platform/s3';

function storeSending(lock: boolean) {
  const sent: PutObjectCommand[] = [];
  const storage = { bucket: 'b', client: { send: async (command: PutObjectCommand) => void sent.push(command) } } as unknown as Storage;
  const store: ArchiveStore = { storage, root: 'archive/audit', lock };
  return { store, sent };
}

describe('putOnce', () => {
  it('refuses to overwrite, sends the SHA-256 and, in aws mode, a governance retention of about six years', async () => {
    const { store, sent } = storeSending(true);
    await putOnce(store, 'archive/audit/2026/03/31/events.jsonl.gz', Buffer.from('x'), 'application/gzip');
    const input = sent[0].input;
    expect(input).toMatchObject({ IfNoneMatch: '*', ObjectLockMode: 'GOVERNANCE', ChecksumSHA256: 'LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=' });
    const years = (input.ObjectLockRetainUntilDate as Date).getTime() - Date.now();
    expect(years / (365.25 * 86_400_000)).toBeCloseTo(6, 1);
  });

  it('sends no lock in local mode', async () => {
    const { store, sent } = storeSending(false);
    await putOnce(store, 'k', Buffer.from('x'), 'application/json');
    expect(sent[0].input.ObjectLockMode).toBeUndefined();
    expect(sent[0].input.IfNoneMatch).toBe('*');
  });
});
