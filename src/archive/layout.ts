/**
 * Where the archive lives in S3 and what a day's manifest says. A day (the visits' local date) is
 * a folder `archive/appointments/yyyy/mm/dd/` of numbered parts and one `manifest.json`.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { Storage } from '../platform/s3';

export const ARCHIVE_ROOT = 'archive';
export const FORMAT = 'medtrack-archive/1';
export const MANIFEST_FILE = 'manifest.json';

/** Why the archive cannot be written or read; the run fails and nothing unverified is deleted. */
export class ArchiveError extends Error {}

const count = z.number().int().min(0);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** One archived item: which appointment, which version, and the SHA-256 of its line. */
const recordSchema = z.object({ id: z.string().min(1), version: z.number().int(), sha256 });

const partSchema = z.object({
  file: z.string().regex(/^part-\d{4,}\.jsonl\.gz$/),
  items: count,
  bytes: count,
  sha256,
  records: z.array(recordSchema),
});

export const dayManifestSchema = z.object({
  format: z.literal(FORMAT),
  kind: z.literal('appointments'),
  day: z.iso.date(),
  updatedAt: z.iso.datetime(),
  parts: z.array(partSchema),
  totals: z.object({ parts: count, items: count, bytes: count }),
});

export type DayManifest = z.infer<typeof dayManifestSchema>;
export type ArchivedPart = z.infer<typeof partSchema>;
export type ArchivedRecord = z.infer<typeof recordSchema>;

export const kindFolder = (root: string) => `${root}/appointments`;
/** `archive/appointments/2025/01/31` for the local date 2025-01-31. */
export const dayFolder = (root: string, day: string) => `${kindFolder(root)}/${day.replace(/-/g, '/')}`;
export const partFile = (index: number) => `part-${String(index).padStart(4, '0')}.jsonl.gz`;
export const partNumber = (file: string) => Number(/^part-(\d+)\.jsonl\.gz$/.exec(file)?.[1] ?? 0);

/** The local date of a manifest key, or undefined for any other key. */
export function dayOfManifestKey(root: string, key: string): string | undefined {
  const match = new RegExp(`^${kindFolder(root)}/(\\d{4})/(\\d{2})/(\\d{2})/${MANIFEST_FILE}$`).exec(key);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

export function emptyManifest(day: string): DayManifest {
  return { format: FORMAT, kind: 'appointments', day, updatedAt: new Date().toISOString(), parts: [], totals: { parts: 0, items: 0, bytes: 0 } };
}

export function withPart(manifest: DayManifest, part: ArchivedPart): DayManifest {
  const parts = [...manifest.parts, part];
  return {
    ...manifest,
    updatedAt: new Date().toISOString(),
    parts,
    totals: { parts: parts.length, items: parts.reduce((sum, p) => sum + p.items, 0), bytes: parts.reduce((sum, p) => sum + p.bytes, 0) },
  };
}

/** The day's manifest, or undefined when nothing of that day was archived yet. */
export async function readManifest(storage: Storage, folder: string): Promise<DayManifest | undefined> {
  let text: string;
  try {
    const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${folder}/${MANIFEST_FILE}` }));
    text = await object.Body!.transformToString();
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
  const parsed = dayManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ArchiveError(`${folder}/${MANIFEST_FILE} is not a valid archive manifest: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export async function writeManifest(storage: Storage, folder: string, manifest: DayManifest): Promise<void> {
  await storage.client.send(
    new PutObjectCommand({ Bucket: storage.bucket, Key: `${folder}/${MANIFEST_FILE}`, Body: JSON.stringify(manifest, null, 2), ContentType: 'application/json' }),
  );
}
