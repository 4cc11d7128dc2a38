/** Gzip JSON-lines parts in S3: written as items stream in, read back as a stream of items. */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Storage } from '../platform/s3';
import { itemToLine, lineToItem, type Item } from './item-json';
import { partFile, type PartEntry } from './manifest';

export interface PartLimits {
  items: number;
  /** Uncompressed; bounds memory, since a part is held compressed until it is uploaded. */
  bytes: number;
}

export const DEFAULT_PART_LIMITS: PartLimits = { items: 10_000, bytes: 64 * 1024 * 1024 };

interface OpenPart {
  gzip: Gzip;
  chunks: Buffer[];
  items: number;
  rawBytes: number;
}

/** Writes one table's items into numbered parts under `folder`, uploading each part when it fills. */
export function partWriter(storage: Storage, folder: string, table: string, limits: PartLimits) {
  const parts: PartEntry[] = [];
  let open: OpenPart | undefined;

  function start(): OpenPart {
    const part: OpenPart = { gzip: createGzip(), chunks: [], items: 0, rawBytes: 0 };
    part.gzip.on('data', (chunk: Buffer) => part.chunks.push(chunk));
    return part;
  }

  async function upload(part: OpenPart): Promise<void> {
    const ended = once(part.gzip, 'end');
    part.gzip.end();
    await ended;
    const body = Buffer.concat(part.chunks);
    const file = partFile(table, parts.length + 1);
    const digest = createHash('sha256').update(body).digest();
    await storage.client.send(
      new PutObjectCommand({ Bucket: storage.bucket, Key: `${folder}/${file}`, Body: body, ContentType: 'application/gzip', ChecksumSHA256: digest.toString('base64') }),
    );
    parts.push({ file, items: part.items, bytes: body.length, sha256: digest.toString('hex') });
  }

  async function flush(): Promise<void> {
    const part = open;
    open = undefined;
    if (part) await upload(part);
  }

  async function add(item: Item): Promise<void> {
    open ??= start();
    const line = itemToLine(item);
    open.items += 1;
    open.rawBytes += Buffer.byteLength(line);
    if (!open.gzip.write(line)) await once(open.gzip, 'drain');
    if (open.items >= limits.items || open.rawBytes >= limits.bytes) await flush();
  }

  return { add, flush, parts: () => parts };
}

export interface PartDigest {
  sha256: string;
  bytes: number;
  items: number;
}

/** The whole part, for checking its checksum before anything is written (a part's size is bounded). */
export async function downloadPart(storage: Storage, key: string): Promise<Buffer> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

export async function streamPart(storage: Storage, key: string): Promise<Readable> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  return object.Body as Readable;
}

/**
 * Reads a part's bytes, calling `onItem` for each item (awaited, so a slow writer slows the
 * download), and returns what was actually read: checksum, size and item count.
 */
export async function readItems(source: Readable, onItem: (item: Item) => Promise<void> = async () => {}): Promise<PartDigest> {
  const hash = createHash('sha256');
  const digest = { sha256: '', bytes: 0, items: 0 };
  await pipeline(
    source,
    async function* hashed(chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        digest.bytes += chunk.length;
        yield chunk;
      }
    },
    createGunzip(),
    async function items(chunks: AsyncIterable<Buffer>) {
      for await (const line of linesOf(chunks)) {
        digest.items += 1;
        await onItem(lineToItem(line));
      }
    },
  );
  return { ...digest, sha256: hash.digest('hex') };
}

async function* linesOf(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) yield line;
  }
  rest += decoder.end();
  if (rest) yield rest;
}
