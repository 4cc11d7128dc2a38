/**
 * `npm run bench:analytics`: what an analytics page costs as its range grows. A year of day and week
 * aggregates for a hospital of 60 doctors in 6 specialties (written as the job would), then each
 * page timed for 30, 60 and 365 days, with the aggregate items it read. A few seconds.
 */
import { performance } from 'node:perf_hooks';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { storeDays, type Aggregate } from '../../src/analytics';
import { ensureTables } from '../../src/platform/db/bootstrap';
import { buildTestApp } from '../../test/helpers/app';
import { signIn } from '../../test/helpers/http';
import { freePort } from '../../test/helpers/ports';
import { anAdmin } from '../../test/helpers/users';
import { startBenchStack } from './stack';

const DAYS = 372;
const DOCTORS = 60;
const ROUNDS = 10;

function dayOf(date: string, i: number): Aggregate {
  const doctors = Object.fromEntries(Array.from({ length: DOCTORS }, (_, d) => [`doctor-${d}`, { specialty: `specialty-${d % 6}`, visits: 12, minutes: 240, anyVisits: 6, reasons: { chosen: 6, 'first-offer': 4, 'others-busy': 2 } }]));
  const specialties = Object.fromEntries(Array.from({ length: 6 }, (_, s) => [`specialty-${s}`, { visits: 120, anyVisits: 60, days: 1, spreadSum: i % 2, spreadMax: i % 2 }]));
  const leadHours = Object.fromEntries(Array.from({ length: 40 }, (_, h) => [String(h < 30 ? h : (h - 28) * 24), 18]));
  return { start: date, days: 1, flow: { visits: 720, checkedIn: 680, completed: 670, noShow: 40, cancelled: 35 }, doctors, specialties, leadHours, waitlist: { days: 1, sum: 12, max: 12 } };
}

async function main(): Promise<void> {
  const settings = { DYNAMODB_LOCAL_PORT: String(await freePort()), S3_LOCAL_PORT: String(await freePort()), SES_LOCAL_PORT: String(await freePort()), MEDTRACK_TABLE_PREFIX: 'bench-' };
  const stack = await startBenchStack(settings);
  try {
    const { app, deps } = buildTestApp({ ...settings, MEDTRACK_DATA_DIR: stack.config.dataDir, LOG_LEVEL: 'silent' });
    await ensureTables(deps.db.client, deps.config.tablePrefix);
    const today = DateTime.now().setZone(deps.config.timeZone).startOf('day');
    const days = Array.from({ length: DAYS }, (_, i) => dayOf(today.minus({ days: i }).toISODate()!, i));
    await storeDays(deps, days);
    const agent = await signIn(app, (await anAdmin(deps)).email);

    const rows = [];
    for (const page of ['workload', 'fairness', 'flow']) {
      for (const span of [30, 60, 365]) {
        const url = `/admin/analytics/${page}?from=${today.minus({ days: span - 1 }).toISODate()}&to=${today.toISODate()}`;
        const send = deps.db.doc.send.bind(deps.db.doc);
        let items = 0;
        deps.db.doc.send = (async (command: unknown) => {
          const result = await send(command as never);
          if (command instanceof QueryCommand && command.input.TableName === deps.db.tables.analytics) items += (result as { Items?: unknown[] }).Items?.length ?? 0;
          return result;
        }) as typeof deps.db.doc.send;
        const started = performance.now();
        let bytes = 0;
        for (let round = 0; round < ROUNDS; round += 1) bytes = (await agent.get(url).expect(200)).text.length;
        deps.db.doc.send = send;
        rows.push({ page, days: span, 'items read': items / ROUNDS, 'page (ms)': ((performance.now() - started) / ROUNDS).toFixed(1), 'HTML (kB)': (bytes / 1024).toFixed(0) });
      }
    }
    console.log('');
    console.table(rows);
    deps.db.client.destroy();
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
