/**
 * Builders and read-back helpers for the booking tests: doctors with a weekly plan in a specialty
 * nobody else uses, future dates in the hospital's zone, and the lock items behind a visit.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { createDayBoard, savePlan, slotsOn, WEEKDAYS, type DayBoard, type Slot, type WeeklyPlan } from '../../src/appointments';
import { doctorBlockKey, patientBlockKey } from '../../src/appointments/keys';
import { blocksOf } from '../../src/appointments/repository/locks';
import { getSchedule } from '../../src/appointments/schedule/repository';
import type { Appointment } from '../../src/appointments/types';
import type { Config } from '../../src/config';
import type { Deps } from '../../src/deps';
import { createDb, type Db } from '../../src/platform/db/client';
import type { NewUser, User } from '../../src/users';
import { aDoctor } from './users';

/** A specialty slug no other test shares, so counters and specialty lists start empty. */
export const uniqueSpecialty = (label = 'cardio') => `${label}-${randomUUID().slice(0, 8)}`;

/** The same working hours on every day of the week, so any chosen date is a working day. */
export function everyDayPlan(ranges: { start: string; end: string }[], slotMinutes = 20): WeeklyPlan {
  return { days: Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])), slotMinutes };
}

export const NINE_TO_FIVE = everyDayPlan([{ start: '09:00', end: '17:00' }]);

/** An approved, active doctor of `specialty` whose weekly plan is saved. */
export async function aDoctorWithPlan(deps: Deps, specialty: string, plan: WeeklyPlan = NINE_TO_FIVE, overrides: Partial<NewUser> = {}): Promise<User> {
  const doctor = await aDoctor(deps, {
    doctor: { specialty, hospitalId: 'city-general', qualifications: 'MBBS, MD', yearsOfExperience: 8, consultationFee: 700, approval: 'approved' },
    ...overrides,
  });
  await savePlan(deps.db, doctor.id, plan, 0);
  return doctor;
}

/** A Monday-to-Friday local date at least `daysAhead` days from `now` in `zone`. */
export function futureWeekday(zone: string, daysAhead = 3, now = new Date()): string {
  let day = DateTime.fromJSDate(now, { zone }).startOf('day').plus({ days: daysAhead });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/** The UTC instant of a wall-clock time on a local date. */
export const instantAt = (localDate: string, hhmm: string, zone: string) =>
  DateTime.fromISO(`${localDate}T${hhmm}`, { zone }).toUTC().toISO()!;

/** The slots a doctor's saved plan offers on a date. */
export async function planSlots(deps: Deps, doctorId: string, localDate: string): Promise<Slot[]> {
  const schedule = await getSchedule(deps.db, doctorId);
  return slotsOn(schedule.plan!, schedule.leave, localDate, deps.config.timeZone);
}

async function lockOwner(db: Db, key: { pk: string; sk: string }): Promise<string | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: key, ConsistentRead: true }));
  return result.Item?.appointmentId as string | undefined;
}

/** Who holds each of a doctor's 5-minute blocks over [start, end): an appointment id or undefined. */
export const doctorLocks = (db: Db, doctorId: string, start: string, end: string) =>
  Promise.all(blocksOf(start, end).map((block) => lockOwner(db, doctorBlockKey(doctorId, block))));

/** Who holds each of a patient's 5-minute blocks over [start, end). */
export const patientLocks = (db: Db, patientId: string, start: string, end: string) =>
  Promise.all(blocksOf(start, end).map((block) => lockOwner(db, patientBlockKey(patientId, block))));

/** Every doctor and patient lock of the appointment, read back: each must name the appointment. */
export async function locksOf(db: Db, appointment: Appointment) {
  const [doctor, patient] = await Promise.all([
    doctorLocks(db, appointment.doctorId, appointment.start, appointment.end),
    patientLocks(db, appointment.patientId, appointment.start, appointment.end),
  ]);
  return { doctor, patient };
}

/**
 * Every lock item whose key starts with `prefix` (e.g. `DOCTOR_BUSY#<id>#`), found by a consistent
 * Scan: a test may scan (a request never does), and a scan also finds locks nobody knew to look for.
 */
export async function scanLocks(db: Db, prefix: string): Promise<{ pk: string; appointmentId: string }[]> {
  const locks: { pk: string; appointmentId: string }[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new ScanCommand({
        TableName: db.tables.appointments,
        FilterExpression: 'begins_with(pk, :prefix) AND sk = :lock',
        ExpressionAttributeValues: { ':prefix': prefix, ':lock': 'LOCK' },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    locks.push(...(page.Items ?? []).map((item) => ({ pk: item.pk as string, appointmentId: item.appointmentId as string })));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return locks;
}

/**
 * The app's client (src/platform/db/client.ts) with a patient connectionTimeout. The SDK agent
 * holds 50 sockets, and its 1 s connectionTimeout also counts the time a request waits in the
 * agent's queue for a socket. A burst of hundreds of bookings against DynamoDB Local (about 70
 * ten-item transactions/s and 900 reads/s on a 2-CPU machine) queues for seconds, so the default
 * client answers TimeoutError (a 503) before the booking logic is exercised at all — and more
 * sockets do not help, the JVM then accepts connections too slowly. The burst tests use this
 * client so they test the booking core, not the socket pool; the default is reported separately.
 */
export function burstDb(config: Config): Db {
  // Long waits are expected here: no timeout, and no warnings about them.
  return createDb(config, { connectionTimeout: 60_000, requestTimeout: 60_000, socketAcquisitionWarningTimeout: 60_000 });
}

/** A new idempotency key, as the booking form would carry. */
export const formKey = () => randomUUID();

/** Counts per key, e.g. appointments per doctor. */
export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * A context for calling the booking rules directly, as a process of its own would: with its own
 * view of the doctors' days (the day board that server.ts builds once per process).
 */
export function bookingContext<T extends { db: Db; config: Config }>(ctx: T): T & { dayBoard: DayBoard } {
  return { ...ctx, dayBoard: createDayBoard(ctx) };
}
