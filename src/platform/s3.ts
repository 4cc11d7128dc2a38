/**
 * The S3 client and bucket, built from config: s3rver in local mode, the real bucket in aws mode
 * (default credential chain: the instance's role). Shared by every feature that keeps objects.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import { localEndpoint } from './local/endpoints';

export interface Storage {
  client: S3Client;
  bucket: string;
}

/** s3rver accepts only its own built-in key pair; it never reaches AWS. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createS3(config: Config): Storage {
  const endpoint = localEndpoint(config, 's3');
  const client = new S3Client({
    region: config.region,
    // An unreachable or stalled S3 fails the request (a 503 page) instead of holding it: 3 s to
    // connect, and 30 s with no bytes moving (a large part still streams for as long as it moves).
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    // s3rver serves buckets as paths, not as subdomains.
    ...(endpoint && { endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS }),
  });
  return { client, bucket: config.bucket };
}
