/**
 * One app process as far as the outbox goes, for the crash tests (T-OUTBOX-01 a): its own DynamoDB
 * client and a dispatcher with the real SES mailer (aws-ses-v2-local), built from the environment
 * like the server's. The test kills it with SIGKILL at the moment it announces:
 *
 *   die-after-send <leaseMs>   SES accepted the e-mail ("accepted <messageId>"); the process then
 *                              waits, so it never records the send, until it is killed.
 *   die-before-send <leaseMs>  the dispatcher marked the e-mail 'sending' and called the mailer
 *                              ("sending"); SES is never called.
 *   drain                      a restarted process: one drain, then prints what it did as JSON
 *                              ({ delivered, alerts }) and exits.
 *
 *   node --import tsx test/helpers/outbox-worker.ts <mode> [leaseMs]
 */
import { loadConfig } from '../../src/config';
import { createSesMailer, createSmsSender, type Mailer } from '../../src/notifications';
import { createDispatcher, DEFAULT_DISPATCH } from '../../src/notifications/dispatcher';
import { createDb } from '../../src/platform/db/client';
import { createLogger } from '../../src/platform/logger';

const forever = () => new Promise<never>(() => setInterval(() => undefined, 60_000));
const announce = (line: string) => new Promise<void>((resolve) => process.stdout.write(`${line}\n`, () => resolve()));

function dyingMailer(real: Mailer, mode: string): Mailer {
  return {
    async send(message) {
      if (mode === 'die-before-send') {
        await announce('sending');
        return forever();
      }
      const messageId = await real.send(message);
      await announce(`accepted ${messageId}`);
      return forever();
    },
  };
}

async function main([mode, leaseMs]: string[]): Promise<void> {
  const config = loadConfig();
  const db = createDb(config);
  const logger = createLogger(config);
  const real = createSesMailer(config);
  const alerts: string[] = [];
  const staff = { raise: async (subject: string) => void alerts.push(subject) };
  const mailer = mode === 'drain' ? real : dyingMailer(real, mode);
  const options = { ...DEFAULT_DISPATCH, leaseMs: Number(leaseMs ?? DEFAULT_DISPATCH.leaseMs) };
  const outbox = createDispatcher({ db, mailer, sms: createSmsSender(config, db), logger, alerts: staff }, options);
  const delivered = await outbox.drain(() => new Date());
  // Kept-alive sockets would hold the process open.
  process.stdout.write(`${JSON.stringify({ delivered, alerts })}\n`, () => process.exit(0));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
