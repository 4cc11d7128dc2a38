/** Writing a part to S3 and reading it back: its bytes' SHA-256, its lines, and the records in it. */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { downloadPart, readItems, type Item } from '../backups';
import type { Storage } from '../platform/s3';
import { archiveLine, recordOf, sha256Of } from './items';
import { ArchiveError, type ArchivedPart } from './layout';

/** Writes the items as one gzip JSON-lines object; S3 checks the SHA-256 it is sent. */
export async function putPart(storage: Storage, folder: string, file: string, items: Item[]): Promise<ArchivedPart> {
  const body = gzipSync(items.map(archiveLine).join(''));
  const sha256 = sha256Of(body);
  await storage.client.send(
    new PutObjectCommand({
      Bucket: storage.bucket,
      Key: `${folder}/${file}`,
      Body: body,
      ContentType: 'application/gzip',
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
    }),
  );
  return { file, items: items.length, bytes: body.length, sha256, records: items.map(recordOf) };
}

/** The object is there but is not a readable part (not gzip, or a line that is not an item). */
export class DamagedPartError extends ArchiveError {}

export interface ReadPart {
  part: ArchivedPart;
  items: Item[];
}

/** The part as S3 holds it now, described from its own bytes. */
export async function readPart(storage: Storage, folder: string, file: string): Promise<ReadPart> {
  const body = await downloadPart(storage, `${folder}/${file}`);
  const items: Item[] = [];
  const digest = await readItems(Readable.from([body]), async (item) => void items.push(item)).catch((error: Error) => {
    throw new DamagedPartError(`${folder}/${file} cannot be read: ${error.message}`);
  });
  return { part: { file, items: digest.items, bytes: digest.bytes, sha256: digest.sha256, records: items.map(recordOf) }, items };
}

/** Reads the part back and throws unless it is exactly what was written: checksum, line count, records. */
export async function verifyPart(storage: Storage, folder: string, written: ArchivedPart): Promise<void> {
  const { part } = await readPart(storage, folder, written.file);
  const same = part.sha256 === written.sha256 && part.items === written.items && part.records.every((r, i) => r.sha256 === written.records[i]?.sha256);
  if (!same) throw new ArchiveError(`${folder}/${written.file} does not read back as written (sha256 ${part.sha256}, ${part.items} lines). Nothing of it was deleted.`);
}

/** The part files in a day's folder, whether the manifest lists them or not. */
export async function listPartFiles(storage: Storage, folder: string): Promise<string[]> {
  const files: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: `${folder}/part-`, ContinuationToken }));
    files.push(...(page.Contents ?? []).map((object) => object.Key!.slice(folder.length + 1)));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return files;
}
