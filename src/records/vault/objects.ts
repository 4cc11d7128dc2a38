/**
 * The vault's objects in the app's bucket, under vault/<patientId>/<fileId>: encrypted at rest
 * (config.records.encryption) and stored with their SHA-256, which S3 checks on arrival.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { Config } from '../../config';
import type { Storage } from '../../platform/s3';
import { objectKey } from './keys';
import type { VaultFile } from './types';

type Ctx = { storage: Storage; config: Pick<Config, 'records'> };

export async function putObject(ctx: Ctx, file: VaultFile, bytes: Buffer): Promise<void> {
  await ctx.storage.client.send(
    new PutObjectCommand({
      Bucket: ctx.storage.bucket,
      Key: objectKey(file.patientId, file.id),
      Body: bytes,
      ContentType: file.contentType,
      // S3 refuses a body that does not match; s3rver (3.7) accepts the header without checking it, or any Content-MD5.
      ChecksumSHA256: Buffer.from(file.sha256, 'hex').toString('base64'),
      ...ctx.config.records.encryption,
    }),
  );
}

/** The object's bytes as a stream, for sending on without holding them. */
export async function openObject(ctx: Pick<Ctx, 'storage'>, file: VaultFile): Promise<Readable> {
  const object = await ctx.storage.client.send(new GetObjectCommand({ Bucket: ctx.storage.bucket, Key: objectKey(file.patientId, file.id) }));
  return object.Body as Readable;
}

export async function readObject(ctx: Pick<Ctx, 'storage'>, file: VaultFile): Promise<Buffer> {
  const object = await ctx.storage.client.send(new GetObjectCommand({ Bucket: ctx.storage.bucket, Key: objectKey(file.patientId, file.id) }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

export async function deleteObject(ctx: Pick<Ctx, 'storage'>, file: Pick<VaultFile, 'patientId' | 'id'>): Promise<void> {
  await ctx.storage.client.send(new DeleteObjectCommand({ Bucket: ctx.storage.bucket, Key: objectKey(file.patientId, file.id) }));
}
