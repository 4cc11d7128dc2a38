/**
 * A production install leaves out the devDependencies, the local emulators among them. The real
 * entry point runs here with every devDependency unfindable, as after `npm ci --omit=dev` (a
 * preloaded hook answers "Cannot find module" and notes each attempt): aws mode starts and serves
 * without trying to load one; local mode says to run npm install.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { createDb } from '../../../src/platform/db/client';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { freePort } from '../../helpers/ports';

const root = path.resolve(__dirname, '../../..');
const tsxCli = require.resolve('tsx/cli');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
const EMULATORS = ['amplify-dynamodb-simulator', 's3rver', 'aws-ses-v2-local'];

describe('the server without its devDependencies', () => {
  // tsx runs the TypeScript here; a real production install runs the build with node.
  const omitted = [...new Set([...EMULATORS, ...Object.keys(manifest.devDependencies)])].filter((name) => name !== 'tsx');
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-omit-dev-')), 'omit-dev.js');
  fs.writeFileSync(
    hook,
    `const Module = require('node:module');
const omitted = ${JSON.stringify(omitted)};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (omitted.some((name) => request === name || request.startsWith(name + '/'))) {
    process.stderr.write('[omitted] ' + request + '\\n');
    throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  }
  return resolve.call(this, request, ...rest);
};
`,
  );
  afterAll(() => fs.rmSync(path.dirname(hook), { recursive: true, force: true }));

  function start(env: Record<string, string>) {
    let output = '';
    const child = spawn(process.execPath, [tsxCli, 'src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), NODE_OPTIONS: `--require ${hook}`, MEDTRACK_METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  it('starts in aws mode, serves, and never reaches for an emulator', async () => {
    const tablePrefix = `omitdev${Date.now().toString(36)}-`;
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MEDTRACK_MODE: 'aws',
      PORT: String(await freePort()),
      AWS_REGION: 'ap-south-1',
      MEDTRACK_BUCKET: 'medtrack-test-bucket',
      MEDTRACK_SES_FROM: 'no-reply@hospital.example',
      MEDTRACK_PUBLIC_URL: 'https://portal.hospital.example',
      MEDTRACK_SESSION_SECRET: 's'.repeat(48),
      // The run's DynamoDB Local, in tables of this test's own (nothing else's outbox gets sent).
      MEDTRACK_DYNAMODB_ENDPOINT: `http://127.0.0.1:${process.env.DYNAMODB_LOCAL_PORT}`,
      MEDTRACK_TABLE_PREFIX: tablePrefix,
      // Nothing here may reach real AWS.
      AWS_ACCESS_KEY_ID: 'none',
      AWS_SECRET_ACCESS_KEY: 'none',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    await ensureTables(createDb(loadConfig({ ...env, NODE_ENV: 'test' })).client, tablePrefix);
    const server = start(env);
    try {
      const deadline = Date.now() + 60_000;
      while (!server.output().includes('MedTrack is running')) {
        if (Date.now() > deadline || server.child.exitCode !== null) throw new Error(`never started:\n${server.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toContain('[omitted]');
  });

  it('refuses local mode with the command that installs the emulators, and exits non-zero', async () => {
    const ports = Object.fromEntries(await Promise.all(['PORT', 'DYNAMODB_LOCAL_PORT', 'S3_LOCAL_PORT', 'SES_LOCAL_PORT'].map(async (name) => [name, String(await freePort())])));
    const server = start({ ...ports, MEDTRACK_DATA_DIR: path.join(path.dirname(hook), 'data') });

    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`Local mode runs emulators that are not installed here: ${EMULATORS.join(', ')}.`);
    expect(server.output()).toContain('Run `npm install` and start again');
  });
});
