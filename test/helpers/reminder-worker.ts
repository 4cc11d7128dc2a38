/**
 * One app process as far as reminders go, for the exactly-once test: its own DynamoDB client,
 * mailer and dispatcher, built from the environment like the server's. From `startAt` (so that
 * every worker begins together) it runs reminder passes and outbox drains back to back for
 * `forMs`, with the clock reading `now`, then prints its counts as JSON.
 *
 *   node --import tsx test/helpers/reminder-worker.ts <now ISO> <startAt epoch ms> <forMs>
 */
import { createDayBoard } from '../../src/appointments';
import { sendDueReminders } from '../../src/appointments/reminders/service';
import { loadConfig } from '../../src/config';
import { createDispatcher, createSesMailer, createSmsSender } from '../../src/notifications';
import { createDb } from '../../src/platform/db/client';
import { createLogger } from '../../src/platform/logger';

async function main([nowIso, startAt, forMs]: string[]): Promise<void> {
  const config = loadConfig();
  const db = createDb(config);
  // A process of its own: its own view of the doctors' days.
  const ctx = { db, config, dayBoard: createDayBoard({ db, config }) };
  const outbox = createDispatcher({ db, mailer: createSesMailer(config), sms: createSmsSender(config, db), logger: createLogger(config) });
  const now = new Date(nowIso);
  const totals = { passes: 0, sent: 0, skipped: 0, taken: 0, delivered: 0 };
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const until = Date.now() + Number(forMs);
  while (Date.now() < until) {
    const counts = await sendDueReminders(ctx, now);
    totals.passes += 1;
    totals.sent += counts.sent;
    totals.skipped += counts.skipped;
    totals.taken += counts.taken;
    totals.delivered += await outbox.drain(() => now);
  }
  // Kept-alive sockets would hold the process open.
  process.stdout.write(`${JSON.stringify(totals)}\n`, () => process.exit(0));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
