/**
 * Exactly once across processes: two separate Node processes, each with its own DynamoDB client
 * and dispatcher (test/helpers/reminder-worker.ts), run reminder passes and outbox drains back to
 * back over the same 30 due visits. Every visit must get one reminder per due offset, and SES one
 * e-mail per reminder. In tables of their own, so no other file's visits are due.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { appointmentKey } from '../../../src/appointments/keys';
import { bookAppointment } from '../../../src/appointments/booking/service';
import type { Appointment } from '../../../src/appointments/types';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { outboxItemsFor } from '../../helpers/outbox';
import { buildTestApp, TEST_DEFAULTS } from '../../helpers/app';
import { aDoctorWithPlan, everyDayPlan, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { mailsTo } from '../../helpers/mailbox';
import { aPatient } from '../../helpers/users';

const root = path.resolve(__dirname, '../../..');
const prefix = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}remproc-`;
const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: prefix });
const { db, config } = deps;
const zone = config.timeZone;
const HOUR = 60 * 60_000;
const date = futureWeekday(zone, 3);
/** Three doctors with ten 10-minute slots each, 09:00 to 10:40: 30 visits within 2 h of each other. */
const PLAN = everyDayPlan([{ start: '09:00', end: '10:40' }], 10);
const TIMES = ['09:00', '09:10', '09:20', '09:30', '09:40', '09:50', '10:00', '10:10', '10:20', '10:30'];

interface WorkerTotals {
  passes: number;
  sent: number;
  skipped: number;
  taken: number;
  delivered: number;
}

/** Runs one worker process to the end; resolves with what it printed. */
function runWorker(now: Date, startAt: number, forMs: number): Promise<WorkerTotals> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/reminder-worker.ts', now.toISOString(), String(startAt), String(forMs)], {
      cwd: root,
      env: { ...process.env, ...TEST_DEFAULTS, MEDTRACK_TABLE_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop()!)) : reject(new Error(`worker exited ${code}:\n${stderr}`))));
  });
}

/** Both workers at once, starting together once both have loaded. */
async function twoWorkersAt(now: Date): Promise<WorkerTotals[]> {
  const startAt = Date.now() + 6000;
  return Promise.all([runWorker(now, startAt, 4000), runWorker(now, startAt, 4000)]);
}

const remindersTo = (userId: string) => outboxItemsFor(db, userId, 'appointment.reminder');

const reminderMailsTo = async (patient: User) => (await mailsTo(patient.email)).filter((mail) => mail.subject.startsWith('Reminder:'));
const storedKey = async (id: string) => (await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: appointmentKey(id), ConsistentRead: true }))).Item?.gsi4sk;

let visits: { patient: User; appointment: Appointment }[] = [];

beforeAll(async () => {
  await ensureTables(db.client, config.tablePrefix);
  await ensureCityGeneralCardiology(deps);
  const specialty = uniqueSpecialty();
  const doctors = await Promise.all([0, 1, 2].map(() => aDoctorWithPlan(deps, specialty, PLAN)));
  const book = async (doctor: User, time: string) => {
    const patient = await aPatient(deps);
    const result = await bookAppointment({ db, config, dayBoard: deps.dayBoard }, { patient, doctorId: doctor.id, start: instantAt(date, time, zone), reason: 'Follow-up of blood pressure', idempotencyKey: formKey() });
    if (result.kind !== 'booked') throw new Error(result.kind);
    return { patient, appointment: result.appointment };
  };
  // One doctor's visits after another's, three at a time: a burst of 30 only queues on a loaded machine.
  const days = await Promise.all(doctors.map(async (doctor) => {
    const booked = [];
    for (const time of TIMES) booked.push(await book(doctor, time));
    return booked;
  }));
  visits = days.flat();
});

describe('reminders with two processes', () => {
  it('go out exactly once per visit and offset, and SES gets one e-mail per reminder', async () => {
    expect(visits).toHaveLength(30);
    const dayBefore = new Date(Date.parse(instantAt(date, '10:30', zone)) - 24 * HOUR + 60_000);

    const first = await twoWorkersAt(dayBefore);
    expect(first.map((w) => w.passes)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(first[0].sent + first[1].sent).toBe(30);
    for (const { patient, appointment } of visits) {
      expect(await remindersTo(patient.id)).toEqual([expect.objectContaining({ status: 'sent' })]);
      expect(await storedKey(appointment.id)).toBe(`${new Date(Date.parse(appointment.start) - 2 * HOUR).toISOString()}#${appointment.id}`);
      expect((await reminderMailsTo(patient)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/^Reminder: your appointment tomorrow at \d\d:\d\d$/)]);
    }

    // 08:31: every 2 h reminder is due (the last visit is at 10:30), no visit has begun.
    const twoHoursBefore = new Date(Date.parse(instantAt(date, '10:30', zone)) - 2 * HOUR + 60_000);
    const second = await twoWorkersAt(twoHoursBefore);
    expect(second[0].sent + second[1].sent).toBe(30);
    for (const { patient, appointment } of visits) {
      expect(await remindersTo(patient.id)).toHaveLength(2);
      expect(await storedKey(appointment.id)).toBeUndefined();
      expect(await reminderMailsTo(patient)).toHaveLength(2);
    }
  });
});
