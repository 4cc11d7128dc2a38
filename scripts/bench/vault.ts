/**
 * `npm run bench:vault`: the medical vault's cost over plain S3. 1 MB files uploaded through the app
 * (multipart, byte checks, S3 put, metadata, audit event) against direct S3 puts of the same bytes,
 * and downloads through the app (check, audit, stream) against direct S3 gets. A few seconds.
 */
import { performance } from 'node:perf_hooks';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { ensureTables } from '../../src/platform/db/bootstrap';
import { buildTestApp, settleBackground, settleOutboxes } from '../../test/helpers/app';
import { signIn } from '../../test/helpers/http';
import { freePort } from '../../test/helpers/ports';
import { aPatient } from '../../test/helpers/users';
import { binary, uploadVia } from '../../test/helpers/vault';
import { startBenchStack } from './stack';

const ROUNDS = 15;
const MB = 1024 * 1024;

/** A 1 MB PDF: a valid header and end around a long comment (no checks are skipped for it). */
const ONE_MB_PDF = Buffer.from(`%PDF-1.4\n%${'A'.repeat(MB - 40)}\ntrailer\n<< >>\n%%EOF\n`, 'latin1');

async function timed(rounds: number, step: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) await step(i);
  return (performance.now() - started) / rounds;
}

async function main(): Promise<void> {
  const settings = { DYNAMODB_LOCAL_PORT: String(await freePort()), S3_LOCAL_PORT: String(await freePort()), SES_LOCAL_PORT: String(await freePort()), MEDTRACK_TABLE_PREFIX: 'bench-' };
  const stack = await startBenchStack(settings);
  try {
    const { app, deps } = buildTestApp({ ...settings, MEDTRACK_DATA_DIR: stack.config.dataDir, LOG_LEVEL: 'silent' });
    await ensureTables(deps.db.client, deps.config.tablePrefix);
    const patient = await aPatient(deps);
    const agent = await signIn(app, patient.email);
    const { storage } = deps;
    const checksum = createHash('sha256').update(ONE_MB_PDF).digest('base64');
    const put = (key: string) => storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: ONE_MB_PDF, ChecksumSHA256: checksum, ServerSideEncryption: 'AES256' }));

    const directPut = await timed(ROUNDS, (i) => put(`bench/direct-${i}`));
    const locations: string[] = [];
    const appUpload = await timed(ROUNDS, async () => {
      const response = await uploadVia(agent, { bytes: ONE_MB_PDF, filename: 'bench.pdf' });
      if (response.status !== 303) throw new Error(`upload answered ${response.status}`);
      locations.push(response.headers.location);
    });
    const directGet = await timed(ROUNDS, async (i) => (await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `bench/direct-${i}` }))).Body!.transformToByteArray());
    const appGet = await timed(ROUNDS, async (i) => {
      const response = await agent.get(`${locations[i]}/download`).buffer(true).parse(binary);
      if (response.status !== 200) throw new Error(`download answered ${response.status}`);
    });
    const row = (step: string, app: number, direct: number) => ({
      step, 'through the app (ms)': app.toFixed(1), 'direct S3 (ms)': direct.toFixed(1), 'app MB/s': (1000 / app).toFixed(1), 'overhead (ms)': (app - direct).toFixed(1),
    });
    console.log('');
    console.table([row('1 MB upload', appUpload, directPut), row('1 MB download', appGet, directGet)]);
    // Work the requests left running (audit, outbox) ends before the stack goes away.
    await Promise.all([settleBackground(), settleOutboxes()]);
    deps.db.client.destroy();
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
