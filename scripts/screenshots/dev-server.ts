/**
 * Runs the real `src/server.ts` (local mode, demo data) as a child process on its own free ports
 * and a throwaway data folder, and stops it the way pm2 would (SIGTERM), so its DynamoDB Local
 * JVM goes with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopChild } from '../../src/platform/local/dynamodb-local';
import { freePort } from '../../test/helpers/ports';

export interface DevServer {
  baseUrl: string;
  dynamodbPort: number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const START_TIMEOUT_MS = 90_000;

export async function startDevServer(logFile: string): Promise<DevServer> {
  const [port, dynamodbPort, s3Port, sesPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-screenshots-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  // `node --import tsx` keeps it to one process: the signal we send is the one server.ts handles.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      MEDTRACK_MODE: 'local',
      MEDTRACK_SEED: 'true',
      MEDTRACK_TABLE_PREFIX: 'local-',
      MEDTRACK_PUBLIC_URL: baseUrl,
      MEDTRACK_DATA_DIR: dataDir,
      PORT: String(port),
      DYNAMODB_LOCAL_PORT: String(dynamodbPort),
      S3_LOCAL_PORT: String(s3Port),
      SES_LOCAL_PORT: String(sesPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);

  const stop = async () => {
    // server.ts forces its own exit after 10 s; the kill is the last resort behind that.
    await stopChild(child, 20_000);
    log.end();
    killOrphanedJvm(dynamodbPort);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, baseUrl, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dynamodbPort, stop };
}

/** server.ts sends 'ready' over IPC once it listens; /healthz confirms it answers. */
async function waitUntilReady(child: ChildProcess, baseUrl: string, logFile: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS / 1000}s; see ${logFile}`)), START_TIMEOUT_MS);
    child.once('message', (message) => {
      if (message === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} while starting; see ${logFile}`));
    });
  });
  const health = await fetch(`${baseUrl}/healthz`);
  if (!health.ok) throw new Error(`${baseUrl}/healthz answered ${health.status}`);
}


/** A SIGKILLed server cannot take its JVM down; find ours by its unique port and end it. */
function killOrphanedJvm(dynamodbPort: number): void {
  const found = spawnSync('pgrep', ['-f', `DynamoDBLocal.jar -port ${dynamodbPort} `], { encoding: 'utf8' });
  for (const pid of found.stdout.split('\n').filter(Boolean)) {
    console.warn(`DynamoDB Local (pid ${pid}, port ${dynamodbPort}) outlived the server; stopping it`);
    process.kill(Number(pid), 'SIGKILL');
  }
}

/** True when a DynamoDB Local JVM on this port is still running. */
export function jvmStillRunning(dynamodbPort: number): boolean {
  return spawnSync('pgrep', ['-f', `DynamoDBLocal.jar -port ${dynamodbPort} `]).status === 0;
}
