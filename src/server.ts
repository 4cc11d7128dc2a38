/** Entry point: config -> local stack (local mode) -> tables and seed -> listen -> jobs; graceful stop. */
import http, { type Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createDispatcher, createSesMailer, createSmsSender } from './notifications';
import { createDb } from './platform/db/client';
import { ensureTables } from './platform/db/bootstrap';
import { startJobs } from './jobs/schedule';
import { createLogger, type Logger } from './platform/logger';
import { JavaMissingError, startLocalStack, type LocalStack } from './platform/local';
import { demoLogins, seedDemoData } from './seed';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const stack = config.mode === 'local' ? await startLocalStack(config) : undefined;
  const db = createDb(config);
  if (config.mode === 'local') await ensureTables(db.client, config.tablePrefix);
  const seeded = config.seedDemoData ? await seedDemoData({ config, db }) : false;

  const mailer = createSesMailer(config);
  const deps = { config, db, mailer, logger, outbox: createDispatcher({ db, mailer, sms: createSmsSender(config, db), logger }) };
  const server = http.createServer(createApp(deps)).listen({ port: config.port, host: config.listenHost }, () => {
    printWelcome(config, seeded);
    process.send?.('ready');
  });
  handleShutdown(server, startJobs(deps), stack, logger);
}

function printWelcome(config: Config, seeded: boolean): void {
  const lines = [``, `  MedTrack is running at ${config.publicUrl}  (${config.mode} mode)`];
  if (config.mode === 'local') {
    lines.push(`  Dev mailbox (every e-mail sent): ${config.publicUrl}/dev/mailbox`);
    if (config.seedDemoData) {
      lines.push(``, `  Demo logins${seeded ? ' (just created)' : ''}:`);
      for (const login of demoLogins(config)) lines.push(`    ${login.role.padEnd(8)} ${login.email.padEnd(34)} ${login.password}`);
    }
  }
  lines.push(`  Press Ctrl-C to stop.`, ``);
  console.log(lines.join('\n'));
}

function handleShutdown(server: Server, jobs: { stop(): void }, stack: LocalStack | undefined, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    jobs.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await stack?.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof JavaMissingError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error('MedTrack failed to start:', error);
  }
  process.exit(1);
});
