/** What an archive folder in s3rver holds, read independently of the archiver's own bookkeeping. */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { dayManifestSchema, type DayManifest } from '../../../src/archive/layout';
import { readPart } from '../../../src/archive/parts';
import type { Storage } from '../../../src/platform/s3';

export interface ArchiveContents {
  manifests: { folder: string; manifest: DayManifest }[];
  /** Every part object under the root, listed or not. */
  partKeys: string[];
  /** (id, version) of every line of every listed part. */
  lines: { id: string; version: number }[];
  /** Listed parts whose object differs from the manifest (checksum, size, lines or records). */
  mismatches: string[];
}

async function allKeys(storage: Storage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, ContinuationToken }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys;
}

export async function archiveContents(storage: Storage, root: string): Promise<ArchiveContents> {
  const keys = await allKeys(storage, `${root}/`);
  const contents: ArchiveContents = { manifests: [], partKeys: keys.filter((k) => /\/part-\d+\.jsonl\.gz$/.test(k)), lines: [], mismatches: [] };
  for (const key of keys.filter((k) => k.endsWith('/manifest.json'))) {
    const folder = key.slice(0, -'/manifest.json'.length);
    const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
    const manifest = dayManifestSchema.parse(JSON.parse(await object.Body!.transformToString()));
    contents.manifests.push({ folder, manifest });
    for (const listed of manifest.parts) {
      const body = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${folder}/${listed.file}` }));
      const bytes = Buffer.from(await body.Body!.transformToByteArray());
      const { part, items } = await readPart(storage, folder, listed.file);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== listed.sha256 || bytes.length !== listed.bytes || part.items !== listed.items || JSON.stringify(part.records) !== JSON.stringify(listed.records)) {
        contents.mismatches.push(`${folder}/${listed.file}`);
      }
      contents.lines.push(...items.map((item) => ({ id: item.id.S!, version: Number(item.version.N) })));
    }
  }
  return contents;
}

/** "id@version" keys that occur more than once. */
export function duplicates(lines: { id: string; version: number }[]): string[] {
  const seen = new Map<string, number>();
  for (const line of lines) seen.set(`${line.id}@${line.version}`, (seen.get(`${line.id}@${line.version}`) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}
