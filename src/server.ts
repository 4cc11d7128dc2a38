/** Entry point: config -> local stack (local mode) -> tables and seed -> listen -> jobs; graceful stop. */
import cluster from 'node:cluster';
import http, { type Server } from 'node:http';
import { createApp } from './app';
import { createDayBoard } from './appointments';
import { createArchiveReader } from './archive';
import { ConfigError, loadConfig, type Config } from './config';
import { countBacklog, createDispatcher, createSesMailer, createSmsSender, createStaffAlerts, createTopicSender, type Dispatcher } from './notifications';
import { createBulkLoadDb, createDb, type Db } from './platform/db/client';
import { createMetrics, type Metrics } from './platform/metrics';
import { createS3 } from './platform/s3';
import { ensureTables } from './platform/db/bootstrap';
import { startJobs } from './jobs';
import { createBackground, type Background } from './platform/background';
import { createLogger, type Logger } from './platform/logger';
import { EmulatorsMissingError, JavaMissingError, startLocalStack, type LocalStack } from './platform/local';
import { demoLogins, seedDemoData } from './seed';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const stack = config.mode === 'local' && config.local.startStack ? await startLocalStack(config) : undefined;
  const db = createDb(config);
  if (config.mode === 'local') await ensureTables(db.client, config.tablePrefix);
  const seeded = config.seedDemoData ? await seedOnce(config, logger) : false;

  const alerts = createStaffAlerts(config, logger);
  const outbox = createDispatcher({ db, mailer: createSesMailer(config), sms: createSmsSender(config, db), topic: createTopicSender(config, db), logger, alerts });
  const storage = createS3(config);
  const built = { background: createBackground(logger), metrics: createMetrics(), storage, dayBoard: createDayBoard({ db, config }), archive: createArchiveReader(storage) };
  const deps = { config, db, logger, outbox, alerts, ...built };
  // Before the app's port, so a process that reports ready also answers on its metrics port.
  const metrics = await startMetrics(deps);
  const server = http.createServer(createApp(deps)).listen({ port: config.port, host: config.listenHost }, () => {
    printWelcome(config, seeded);
    process.send?.('ready');
  });
  handleShutdown({ server, metrics, jobs: startJobs(deps), outbox: deps.outbox, background: deps.background, stack }, logger);
}

async function seedOnce(config: Config, logger: Logger): Promise<boolean> {
  const db = createBulkLoadDb(config);
  const storage = createS3(config);
  try {
    return await seedDemoData({ config, db, storage, logger });
  } finally {
    db.client.destroy();
    storage.client.destroy();
  }
}

/** Metrics are for operators: a taken port is logged, not fatal. */
async function startMetrics({ config, db, logger, metrics }: { config: Config; db: Db; logger: Logger; metrics: Metrics }): Promise<Server | undefined> {
  if (!config.metricsPort) return undefined;
  metrics.trackOutboxBacklog(async () => (await countBacklog(db)).count);
  try {
    return await metrics.serve(config.metricsPort);
  } catch (error) {
    logger.warn({ err: error, port: config.metricsPort }, 'metrics listener not started');
    return undefined;
  }
}

function printWelcome(config: Config, seeded: boolean): void {
  const lines = [``, `  MedTrack is running at ${config.publicUrl}  (${config.mode} mode)`];
  if (config.mode === 'local') {
    lines.push(`  Dev mailbox (every e-mail sent): ${config.publicUrl}/dev/mailbox`);
    if (config.seedDemoData) {
      lines.push(``, `  Demo logins${seeded ? ' (just created)' : ''}:`);
      for (const login of demoLogins(config)) lines.push(`    ${login.role.padEnd(8)} ${login.email.padEnd(34)} ${login.password}`);
      if (config.mfaRequiredRoles.includes('admin')) {
        lines.push(`  At the first log-in the admin is asked to set up an authenticator app (two-step sign-in): have one on your phone.`);
      }
    }
  }
  lines.push(`  Press Ctrl-C to stop.`, ``);
  console.log(lines.join('\n'));
}

interface Running {
  server: Server;
  metrics?: Server;
  jobs: { stop(): void | Promise<void> };
  outbox: Dispatcher;
  background: Background;
  stack?: LocalStack;
}

/** Stop accepting, let in-flight requests, job runs and outbox sends finish, then the local stack. */
function handleShutdown({ server, metrics, jobs, outbox, background, stack }: Running, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    metrics?.close();
    await Promise.all([closed, jobs.stop()]);
    await background.idle();
    await outbox.idle();
    await stack?.stop();
    await leaveCluster();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * A pm2 cluster worker must not exit while the primary may still be handing it a connection:
 * that connection would hang, open and unanswered. disconnect() waits for the primary's
 * acknowledgement, after which every connection sent our way has been answered or sent back.
 */
async function leaveCluster(): Promise<void> {
  const worker = cluster.worker;
  if (!worker?.isConnected()) return;
  await new Promise<void>((resolve) => {
    worker.once('disconnect', () => resolve());
    worker.disconnect();
  });
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof JavaMissingError || error instanceof EmulatorsMissingError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error('MedTrack failed to start:', error);
  }
  process.exit(1);
});
