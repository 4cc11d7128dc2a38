/**
 * The app as the sysadmin runs it: pm2 in cluster mode with two processes (ecosystem.config.js),
 * sharing the run's DynamoDB Local. A login made on one process is valid on the other, a minute's
 * job runs once across both, a reload loses no request, and a killed process's share of the
 * traffic is served by the other.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { submit } from '../../helpers/http';
import { freePort } from '../../helpers/ports';
import { demoLogins } from '../../../src/seed';
import { TEST_DEFAULTS, testConfig } from '../../helpers/app';

const ROOT = path.resolve(__dirname, '../../..');
const PM2 = path.join(ROOT, 'node_modules/.bin/pm2');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- pm2's CommonJS file, outside the TypeScript program
const ecosystem = require(path.join(ROOT, 'ecosystem.config.js')) as { apps: Record<string, unknown>[] };

interface LogLine {
  pid: number;
  time: number;
  msg: string;
  job?: string;
  req?: { id: string; path: string };
  res?: { status: number };
}

describe('two processes under pm2', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-pm2-'));
  const logFile = path.join(home, 'app.log');
  let baseUrl: string;
  let metricsPort: number;

  const pm2 = (...args: string[]) => execFileSync(PM2, args, { cwd: ROOT, env: { ...process.env, PM2_HOME: home }, encoding: 'utf8' });
  const workers = (): number[] => (JSON.parse(pm2('jlist')) as { pid: number; pm2_env: { status: string } }[]).filter((p) => p.pm2_env.status === 'online').map((p) => p.pid);
  const logLines = (): LogLine[] =>
    fs.existsSync(logFile)
      ? fs.readFileSync(logFile, 'utf8').split('\n').flatMap((line) => {
          const json = line.slice(line.indexOf('{'));
          try {
            return [JSON.parse(json) as LogLine];
          } catch {
            return [];
          }
        })
      : [];
  const servedBy = (requestIds: string[]) => new Set(logLines().filter((l) => l.req && requestIds.includes(l.req.id)).map((l) => l.pid));

  beforeAll(async () => {
    const port = await freePort();
    metricsPort = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // The real file runs the build; here a shim runs the sources, so the test needs no compile step.
    const shim = path.join(home, 'server.js');
    fs.writeFileSync(shim, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(ROOT, 'src/server.ts'))});\n`);
    const app = {
      ...ecosystem.apps[0],
      script: shim,
      instances: 2,
      out_file: logFile,
      error_file: logFile,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        MEDTRACK_MODE: 'local',
        MEDTRACK_LOCAL_STACK: 'external',
        MEDTRACK_TABLE_PREFIX: `pm2${Date.now().toString(36)}-`,
        MEDTRACK_SEED: 'true',
        MEDTRACK_BCRYPT_COST: '10',
        MEDTRACK_DYNAMODB_CONNECT_TIMEOUT_MS: TEST_DEFAULTS.MEDTRACK_DYNAMODB_CONNECT_TIMEOUT_MS,
        MEDTRACK_DYNAMODB_REQUEST_TIMEOUT_MS: TEST_DEFAULTS.MEDTRACK_DYNAMODB_REQUEST_TIMEOUT_MS,
        MEDTRACK_PUBLIC_URL: baseUrl,
        PORT: String(port),
        MEDTRACK_METRICS_PORT: String(metricsPort),
        LOG_LEVEL: 'info',
        // Read back below line by line: JSON, as in production, not the readable local default.
        LOG_FORMAT: 'json',
      },
    };
    const file = path.join(home, 'ecosystem.json');
    fs.writeFileSync(file, JSON.stringify({ apps: [app] }));
    pm2('start', file);
    await waitFor(async () => workers().length === 2 && (await request(baseUrl).get('/readyz')).status === 200, 90_000);
  }, 120_000);

  afterAll(() => {
    try {
      pm2('kill');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 30_000);

  it('runs in cluster mode with the instances the environment asks for', () => {
    expect(ecosystem.apps[0]).toMatchObject({ exec_mode: 'cluster', wait_ready: true, kill_timeout: 10_000 });
    expect(workers()).toHaveLength(2);
  });

  const metricsOfBoth = () => Promise.all([metricsPort, metricsPort + 1].map((port) => request(`http://127.0.0.1:${port}`).get('/metrics')));

  it('gives each process its own metrics port', async () => {
    for (const metrics of await metricsOfBoth()) {
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('nodejs_eventloop_lag_seconds');
    }
  });

  it('keeps a login made on one process valid on the other', async () => {
    const agent = request.agent(baseUrl);
    const patient = demoLogins(testConfig()).find((l) => l.role === 'patient')!;
    const login = await submit(agent, '/login', '/login', { identifier: patient.email, password: patient.password });
    expect(login.status).toBe(303);

    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      // A new connection each time: the cluster spreads connections, not requests.
      const page = await agent.get('/patient').set('Connection', 'close');
      expect(page.status).toBe(200);
      expect(page.text).toContain('data-testid="current-user"');
      ids.push(page.headers['x-request-id']);
    }
    await waitFor(async () => servedBy(ids).size === 2, 5_000);
  });

  it('runs a minute job once across both processes', async () => {
    const minute = () => Math.floor(Date.now() / 60_000);
    const started = minute();
    // The next whole minute, plus time for both processes to have tried for the lease.
    await waitFor(async () => minute() > started && Date.now() % 60_000 > 10_000, 75_000);
    const runs = logLines().filter((l) => l.msg === 'job ran' && l.job === 'waitlist-assigner');
    const perMinute = new Map<number, number>();
    for (const run of runs) perMinute.set(Math.floor(run.time / 60_000), (perMinute.get(Math.floor(run.time / 60_000)) ?? 0) + 1);
    expect(perMinute.get(started + 1)).toBe(1);
    expect([...perMinute.values()].every((count) => count === 1)).toBe(true);
    expect(logLines().filter((l) => l.msg === 'job failed')).toEqual([]);
  }, 90_000);

  it('loses no request while pm2 reloads both processes one by one', async () => {
    const before = workers();
    let stop = false;
    const statuses: (number | string)[] = [];
    const traffic = (async () => {
      while (!stop) {
        // A connection left unanswered (a worker exiting while the primary hands it one) times out here.
        const status = await request(baseUrl).get('/healthz').set('Connection', 'close').timeout(15_000).then((r) => r.status, (e: Error) => e.message);
        statuses.push(status);
      }
    })();
    // Asynchronously, so the traffic keeps flowing while pm2 works; a few rounds, as a lost
    // connection is a race that one round can miss.
    for (let round = 0; round < 3; round++) {
      await promisify(execFile)(PM2, ['reload', 'medtrack'], { cwd: ROOT, env: { ...process.env, PM2_HOME: home }, timeout: 60_000 });
    }
    stop = true;
    await traffic;
    expect(workers().filter((pid) => before.includes(pid))).toEqual([]);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Each new process takes over its metrics port once the one it replaced has let go of it.
    await waitFor(async () => (await metricsOfBoth()).every((m) => m.status === 200), 15_000);
  }, 240_000);

  it('serves every request from the other process while a killed one restarts', async () => {
    const [victim] = workers();
    process.kill(victim, 'SIGKILL');
    // A connection handed to the victim in the instant before pm2 sees it die is lost with it;
    // from then on, the survivor serves everything.
    await waitFor(async () => !workers().includes(victim), 10_000);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => request(baseUrl).get('/readyz').set('Connection', 'close').timeout(10_000).then((r) => r.status, (e: Error) => e.message)));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await waitFor(async () => workers().length === 2 && !workers().includes(victim), 60_000);
  }, 90_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
