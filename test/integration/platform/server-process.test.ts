/**
 * The real entry point as a newcomer runs it: the server starts its own local stack, stops every
 * child on Ctrl-C or SIGTERM, keeps data across restarts, and explains a missing Java.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../helpers/ports';

const root = path.resolve(__dirname, '../../..');
const tsxCli = require.resolve('tsx/cli');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Servers still running when a test fails are stopped after it, with their DynamoDB Local, so jest can exit. */
const running: Started[] = [];
afterEach(() => {
  for (const started of running.splice(0)) if (started.child.exitCode === null) started.child.kill('SIGTERM');
});

function startServer(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, [tsxCli, 'src/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), MEDTRACK_BCRYPT_COST: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = { child, output: () => output, exited };
  running.push(started);
  return started;
}

// The first start seeds the demo hospital (about 15 s alone, much longer beside other test files on two cores).
async function waitFor(started: Started, text: string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline || started.child.exitCode !== null) throw new Error(`never printed "${text}":\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function javaProcessesOnPort(port: number): number {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar -port ${port} `]).toString().trim().split('\n').length;
  } catch {
    return 0; // pgrep exits 1 when nothing matches
  }
}

describe('npm start (src/server.ts)', () => {
  let env: Record<string, string>;

  beforeAll(async () => {
    env = {
      MEDTRACK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-server-')),
      PORT: String(await freePort()),
      DYNAMODB_LOCAL_PORT: String(await freePort()),
      S3_LOCAL_PORT: String(await freePort()),
      SES_LOCAL_PORT: String(await freePort()),
    };
  });

  afterAll(() => fs.rmSync(env.MEDTRACK_DATA_DIR, { recursive: true, force: true }));

  it('starts the stack, seeds once, stops every child on a signal and keeps the data', async () => {
    const first = startServer(env);
    await waitFor(first, 'Press Ctrl-C to stop.');
    expect(first.output()).toContain(`MedTrack is running at http://localhost:${env.PORT}`);
    expect(first.output()).toContain('Demo logins (just created)');
    expect(first.output()).toMatch(/admin\s+admin@medtrack\.local\s+admin-local-only/);
    const ready = await fetch(`http://127.0.0.1:${env.PORT}/readyz`);
    expect(ready.status).toBe(200);
    // Loopback only by default: the demo passwords are public and the dev mailbox shows reset links.
    const networkAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (networkAddress) expect(await fetch(`http://${networkAddress}:${env.PORT}/readyz`).then(() => 'answered', () => 'refused')).toBe('refused');
    expect(javaProcessesOnPort(Number(env.DYNAMODB_LOCAL_PORT))).toBe(1);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(javaProcessesOnPort(Number(env.DYNAMODB_LOCAL_PORT))).toBe(0);

    const second = startServer(env);
    await waitFor(second, 'Press Ctrl-C to stop.');
    expect(second.output()).toContain('Demo logins:');
    expect(second.output()).not.toContain('just created');
    const login = await fetch(`http://127.0.0.1:${env.PORT}/login`);
    expect(login.status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(javaProcessesOnPort(Number(env.DYNAMODB_LOCAL_PORT))).toBe(0);
  }, 360_000);

  it('explains how to install Java when it is missing, and exits non-zero', async () => {
    // A PATH that has node but no java.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-nojava-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const started = startServer({ ...env, PATH: bin });

    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('DynamoDB Local needs Java 17 or newer');
    expect(started.output()).toContain('sudo apt-get install -y openjdk-17-jre-headless');
    fs.rmSync(bin, { recursive: true, force: true });
  });
});
