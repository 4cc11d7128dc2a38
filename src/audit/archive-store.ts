/**
 * The audit archive in S3: a folder per UTC day, `archive/audit/yyyy/mm/dd/`, holding the day's
 * events (`events.jsonl.gz`, one canonical JSON event a line, ordered by chain and place) and a
 * manifest with their count, the SHA-256 of the object and every chain's head at that moment (the
 * anchor). Both are written once: a put that finds the key taken is refused (S3 conditional write),
 * and in aws mode each object is locked (Object Lock, governance mode) for the retention period.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { Storage } from '../platform/s3';

export const AUDIT_ARCHIVE_ROOT = 'archive/audit';
export const EVENTS_FILE = 'events.jsonl.gz';
export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'medtrack-audit-archive/1';
/** HIPAA documentation is kept 6 years (164.316(b)(2)); the audit archive with it. */
const RETENTION_YEARS = 6;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);

/** A chain's newest event as the archive saw it: the table must never fall behind it. */
const headSchema = z.object({ chainId: z.string().min(1), seq: z.number().int().min(1), hash: sha256 });

export const auditManifestSchema = z.object({
  format: z.literal(FORMAT),
  day: z.iso.date(),
  archivedAt: z.iso.datetime(),
  object: z.literal(EVENTS_FILE),
  count,
  bytes: count,
  sha256,
  heads: z.array(headSchema),
});

export type AuditManifest = z.infer<typeof auditManifestSchema>;
export type AnchoredHead = z.infer<typeof headSchema>;

export const manifestOf = (fields: Omit<AuditManifest, 'format' | 'object'>): AuditManifest => ({ format: FORMAT, object: EVENTS_FILE, ...fields });

export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The lines of an events object (gzip JSON lines). */
export const linesOf = (body: Buffer): string[] => gunzipSync(body).toString('utf8').split('\n').filter(Boolean);

/** `archive/audit/2026/03/31` for the UTC day 2026-03-31. */
export const auditDayFolder = (root: string, day: string) => `${root}/${day.replace(/-/g, '/')}`;

export interface ArchiveStore {
  storage: Storage;
  root: string;
  /** aws mode: lock what is written (the bucket has Object Lock enabled; s3rver has none). */
  lock: boolean;
}

/** The object's bytes, or undefined when there is no such key. */
export async function getBytes(store: ArchiveStore, key: string): Promise<Buffer | undefined> {
  try {
    const object = await store.storage.client.send(new GetObjectCommand({ Bucket: store.storage.bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Writes a key once: refused if it is taken; S3 checks the SHA-256 it is sent; locked in aws mode. */
export async function putOnce(store: ArchiveStore, key: string, body: Buffer, contentType: string): Promise<void> {
  const lock: Partial<PutObjectCommandInput> = store.lock
    ? { ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: new Date(Date.now() + RETENTION_YEARS * 365.25 * 86_400_000) }
    : {};
  await store.storage.client.send(
    new PutObjectCommand({
      Bucket: store.storage.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      IfNoneMatch: '*',
      ChecksumSHA256: Buffer.from(sha256Hex(body), 'hex').toString('base64'),
      ...lock,
    }),
  );
}

/** The day's manifest; undefined when the day is not archived; throws when it is not a manifest. */
export async function readAuditManifest(store: ArchiveStore, day: string): Promise<AuditManifest | undefined> {
  const bytes = await getBytes(store, `${auditDayFolder(store.root, day)}/${MANIFEST_FILE}`);
  if (!bytes) return undefined;
  return auditManifestSchema.parse(JSON.parse(bytes.toString('utf8')));
}

/** Every archived day, oldest first (keys sort by date). */
export async function archivedDays(store: ArchiveStore): Promise<string[]> {
  const days: string[] = [];
  const pattern = new RegExp(`^${store.root}/(\\d{4})/(\\d{2})/(\\d{2})/${MANIFEST_FILE}$`);
  let ContinuationToken: string | undefined;
  do {
    const page = await store.storage.client.send(new ListObjectsV2Command({ Bucket: store.storage.bucket, Prefix: `${store.root}/`, ContinuationToken }));
    for (const object of page.Contents ?? []) {
      const match = pattern.exec(object.Key ?? '');
      if (match) days.push(`${match[1]}-${match[2]}-${match[3]}`);
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return days.sort();
}
