/** The demo hospital at work: its visits, and the inbox the featured patient finds. */
import { askToWait, createDayBoard, importVisits, inboxEntriesOf, type Appointment, type DayBoard, type WeeklyPlan } from '../appointments';
import type { Config } from '../config';
import { notify } from '../notifications';
import type { Db } from '../platform/db/client';
import type { Logger } from '../platform/logger';
import type { Storage } from '../platform/s3';
import type { DemoPeople } from './people';
import { demoVisits } from './visits';

export interface SeedDeps {
  config: Config;
  db: Db;
  /** The featured patient's vault files go to S3 (s3rver locally, started before the seed). */
  storage: Storage;
  logger: Logger;
}

export async function seedActivity(deps: SeedDeps, people: DemoPeople, plans: Map<string, WeeklyPlan>, now: Date): Promise<void> {
  const [featured, ...historyOnly] = people.patients;
  const { visits, fullDay } = demoVisits({ doctors: people.doctors, plans, featured, crowd: people.crowd, historyOnly }, deps.config.timeZone, now);
  await importVisits(deps, visits, now);
  const ctx = { ...deps, dayBoard: createDayBoard(deps) };
  await seedInbox(ctx, visits.filter((v) => v.patientId === featured.id) as Appointment[], now);
  if (fullDay) await askToWait(ctx, featured, { specialty: 'dermatology', doctorId: fullDay.doctor.id, from: fullDay.date, to: fullDay.date, reason: 'The rash on my arms is back' });
}

/** What the featured patient was told: her cancellation, her missed visit and her next booking. */
async function seedInbox(ctx: SeedDeps & { dayBoard: DayBoard }, visits: Appointment[], now: Date): Promise<void> {
  const told = (status: Appointment['status']) => visits.find((v) => v.status === status);
  const events = [
    { event: 'cancelled' as const, visit: told('cancelled') },
    { event: 'no-show' as const, visit: told('no-show') },
    { event: 'booked' as const, visit: told('booked') },
  ];
  for (const { event, visit } of events) {
    if (visit) await notify(ctx, await inboxEntriesOf(ctx, event, visit, now));
  }
}
