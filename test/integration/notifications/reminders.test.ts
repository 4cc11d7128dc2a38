/**
 * Appointment reminders against DynamoDB Local and SES local, in tables of their own: a pass at a
 * chosen instant handles every reminder due in the table, so it must not meet other files' visits.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reassign } from '../../../src/appointments/admin/service';
import { appointmentKey } from '../../../src/appointments/keys';
import { sendDueReminders } from '../../../src/appointments/reminders/service';
import { getAppointment, listDueReminders, reassignAppointment } from '../../../src/appointments/repository';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { cancel, reschedule } from '../../../src/appointments/visits/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { listInbox } from '../../../src/notifications/inbox';
import { listRecordedSms } from '../../../src/notifications/sms';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { ConflictError } from '../../../src/platform/http/errors';
import { formatInstant } from '../../../src/platform/format';
import type { NewUser } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { outboxItemsFor } from '../../helpers/outbox';
import { buildTestApp } from '../../helpers/app';
import { aDoctorWithPlan, bookingContext, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { $ } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { anAdmin, aPatient } from '../../helpers/users';

const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}reminders-` });
const { db, config } = deps;
const zone = config.timeZone;
// No kicks: each test runs the passes and the dispatcher itself, at the instants it chooses.
const ctx = bookingContext({ db, config });
const REASON = 'Sharp chest pain after meals';
const HOUR = 60 * 60_000;

beforeAll(async () => {
  await ensureTables(db.client, config.tablePrefix);
  await ensureCityGeneralCardiology(deps);
});

const at = (iso: string, deltaMs: number) => new Date(Date.parse(iso) + deltaMs);
const iso = (date: Date) => date.toISOString();

async function aBooking(options: { time?: string; now?: Date; patient?: Partial<NewUser> } = {}) {
  const specialty = uniqueSpecialty();
  const doctor = await aDoctorWithPlan(deps, specialty);
  const patient = await aPatient(deps, options.patient);
  const start = instantAt(futureWeekday(zone, 3), options.time ?? '10:00', zone);
  const result = await bookAppointment(ctx, { patient, doctorId: doctor.id, start, reason: REASON, idempotencyKey: formKey() }, options.now);
  if (result.kind !== 'booked') throw new Error(result.kind);
  return { specialty, doctor, patient, appointment: result.appointment };
}

/** The stored item, index attributes included. */
async function stored(id: string): Promise<Record<string, unknown>> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.appointments, Key: appointmentKey(id), ConsistentRead: true }));
  return result.Item!;
}

const reminderKeyOf = async (id: string) => {
  const { gsi4pk, gsi4sk, nextReminderAt } = await stored(id);
  return { gsi4pk, gsi4sk, nextReminderAt };
};
const keyAt = (id: string, instant: Date | string) => ({ gsi4pk: 'REMINDER', gsi4sk: `${typeof instant === 'string' ? instant : iso(instant)}#${id}`, nextReminderAt: typeof instant === 'string' ? instant : iso(instant) });
const NO_KEY = { gsi4pk: undefined, gsi4sk: undefined, nextReminderAt: undefined };

const remindersTo = (userId: string) => outboxItemsFor(db, userId, 'appointment.reminder');

describe('the reminder key of an appointment', () => {
  it('is set on booking to the first reminder still ahead: 24 h before, only 2 h when booked 3 h ahead, none 1 h ahead', async () => {
    const early = await aBooking();
    expect(await reminderKeyOf(early.appointment.id)).toEqual(keyAt(early.appointment.id, at(early.appointment.start, -24 * HOUR)));
    expect(early.appointment.nextReminderAt).toBe(iso(at(early.appointment.start, -24 * HOUR)));

    const start = instantAt(futureWeekday(zone, 3), '11:00', zone);
    const threeHoursAhead = await aBooking({ time: '11:00', now: at(start, -3 * HOUR) });
    expect(await reminderKeyOf(threeHoursAhead.appointment.id)).toEqual(keyAt(threeHoursAhead.appointment.id, at(start, -2 * HOUR)));

    const oneHourAhead = await aBooking({ time: '11:00', now: at(start, -HOUR) });
    expect(await reminderKeyOf(oneHourAhead.appointment.id)).toEqual(NO_KEY);
  });

  it('is recomputed when the visit moves: from the new time, and from the moment of the move', async () => {
    const { doctor, patient, appointment } = await aBooking();
    const later = instantAt(futureWeekday(zone, 3), '14:00', zone);
    const moved = await reschedule(ctx, patient, appointment.id, later);
    expect(moved.kind).toBe('moved');
    expect(await reminderKeyOf(appointment.id)).toEqual(keyAt(appointment.id, at(later, -24 * HOUR)));

    // The doctor moves it to 3 h from "now": only the 2 h reminder is left.
    const soon = instantAt(futureWeekday(zone, 3), '15:00', zone);
    expect((await reschedule(ctx, doctor, appointment.id, soon, at(soon, -3 * HOUR))).kind).toBe('moved');
    expect(await reminderKeyOf(appointment.id)).toEqual(keyAt(appointment.id, at(soon, -2 * HOUR)));
  });

  it('is kept by an admin reassign, which is refused if a reminder went out after the appointment was read', async () => {
    const { specialty, appointment } = await aBooking();
    const colleague = await aDoctorWithPlan(deps, specialty);
    const read = (await getAppointment(db, appointment.id))!;

    await sendDueReminders(ctx, at(appointment.start, -24 * HOUR + 60_000));
    const r2 = at(appointment.start, -2 * HOUR);
    expect(await reminderKeyOf(appointment.id)).toEqual(keyAt(appointment.id, r2));
    // Writing back what it read would make the 24 h reminder due again.
    await expect(reassignAppointment(db, read, { ...read, doctorId: colleague.id })).rejects.toBeInstanceOf(ConflictError);

    await reassign(ctx, await anAdmin(deps), appointment.id, colleague.id);
    expect(await stored(appointment.id)).toMatchObject({ doctorId: colleague.id, ...keyAt(appointment.id, r2) });
  });

  it('is removed by a cancel, and by checking in', async () => {
    const cancelled = await aBooking();
    await cancel(ctx, cancelled.patient, cancelled.appointment.id, undefined);
    expect(await reminderKeyOf(cancelled.appointment.id)).toEqual(NO_KEY);

    const arrived = await aBooking();
    await advanceVisit(ctx, arrived.doctor, arrived.appointment.id, 'check-in', undefined, new Date(arrived.appointment.start));
    expect(await reminderKeyOf(arrived.appointment.id)).toEqual(NO_KEY);
  });
});

describe('a reminder pass', () => {
  it('enqueues one reminder per appointment per offset, moves on to the next, and finds nothing the second time', async () => {
    const first = await aBooking();
    const second = await aBooking({ time: '10:20' });
    const dayBefore = at(second.appointment.start, -24 * HOUR + 60_000);

    await sendDueReminders(ctx, dayBefore);
    for (const { patient, appointment } of [first, second]) {
      expect(await remindersTo(patient.id)).toHaveLength(1);
      expect(await reminderKeyOf(appointment.id)).toEqual(keyAt(appointment.id, at(appointment.start, -2 * HOUR)));
    }
    const dueIds = async (now: Date) => (await listDueReminders(db, now, 1000)).map((a) => a.id);
    expect(await dueIds(dayBefore)).not.toContain(first.appointment.id);
    await sendDueReminders(ctx, dayBefore);
    expect(await remindersTo(first.patient.id)).toHaveLength(1);
    expect(await remindersTo(second.patient.id)).toHaveLength(1);

    const twoHoursBefore = at(second.appointment.start, -2 * HOUR + 60_000);
    await sendDueReminders(ctx, twoHoursBefore);
    await sendDueReminders(ctx, twoHoursBefore);
    for (const { patient, appointment } of [first, second]) {
      expect(await remindersTo(patient.id)).toHaveLength(2);
      expect(await reminderKeyOf(appointment.id)).toEqual(NO_KEY);
    }
  });

  it('sends nothing for a visit no longer booked, and clears a key left on it', async () => {
    const { patient, appointment } = await aBooking();
    // As if an older version had changed the status without leaving the reminder index.
    await db.doc.send(
      new UpdateCommand({ TableName: db.tables.appointments, Key: appointmentKey(appointment.id), UpdateExpression: 'SET #status = :cancelled', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':cancelled': 'cancelled' } }),
    );
    expect(await reminderKeyOf(appointment.id)).toMatchObject({ gsi4pk: 'REMINDER' });

    await sendDueReminders(ctx, at(appointment.start, -24 * HOUR + 60_000));
    expect(await remindersTo(patient.id)).toEqual([]);
    expect(await reminderKeyOf(appointment.id)).toEqual(NO_KEY);
  });

  it('sends nothing once the visit has begun (the app was down for a day), and clears the key', async () => {
    const { patient, appointment } = await aBooking();
    await sendDueReminders(ctx, at(appointment.start, HOUR));
    expect(await remindersTo(patient.id)).toEqual([]);
    // The 24 h key was overtaken by the 2 h one: it moved on without sending, and the next pass clears it.
    await sendDueReminders(ctx, at(appointment.start, HOUR));
    expect(await remindersTo(patient.id)).toEqual([]);
    expect(await reminderKeyOf(appointment.id)).toEqual(NO_KEY);
  });

  it('after a late pass, sends the reminder due last rather than both', async () => {
    const { patient, appointment } = await aBooking();
    const lateNow = at(appointment.start, -HOUR);
    await sendDueReminders(ctx, lateNow);
    await sendDueReminders(ctx, lateNow);
    expect(await remindersTo(patient.id)).toHaveLength(1);
    expect(await reminderKeyOf(appointment.id)).toEqual(NO_KEY);
  });

  it('tells the patient by inbox, e-mail and SMS when, with whom and where, with a link and no reason', async () => {
    const { doctor, patient, appointment } = await aBooking();
    const now = at(appointment.start, -24 * HOUR + 60_000);
    expect(await sendDueReminders(ctx, now)).toMatchObject({ sent: expect.any(Number) });
    const [reminder] = await remindersTo(patient.id);
    expect(reminder.channels).toEqual({ inbox: 'pending', email: 'pending', sms: 'pending' });
    expect(await remindersTo(doctor.id)).toEqual([]);
    await deps.outbox.drain(() => now);

    const link = `http://medtrack.test/appointments/${appointment.id}`;
    const mails = (await mailsTo(patient.email)).filter((mail) => mail.subject.startsWith('Reminder'));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe('Reminder: your appointment tomorrow at 10:00');
    expect(mail.body.text).toContain('A reminder: your appointment is tomorrow at 10:00.');
    expect(mail.body.text).toContain(`When:     ${formatInstant(appointment.start, zone)}`);
    expect(mail.body.text).toContain(`Doctor:   Dr ${doctor.firstName} ${doctor.lastName}`);
    expect(mail.body.text).toContain('Hospital: City General Hospital');
    expect(mail.body.text).toContain(link);
    expect($(mail.body.html!)('a:contains("View appointment")').attr('href')).toBe(link);

    const [entry] = await listInbox(db, patient.id);
    expect(entry).toMatchObject({ title: 'Appointment reminder', link: `/appointments/${appointment.id}` });
    expect(entry.body).toBe(`Your appointment is tomorrow at 10:00 with Dr ${doctor.firstName} ${doctor.lastName} at City General Hospital.`);

    // The booking's own SMS may land before or after it: pick the reminder.
    const reminderSms = (await listRecordedSms(db, { to: patient.phone })).filter((text) => text.text.includes('Appointment reminder'));
    expect(reminderSms).toHaveLength(1);
    const [sms] = reminderSms;
    expect(sms.text).toMatch(/^MedTrack: Appointment reminder\. Your appointment is tomorrow at 10:00 with Dr .* http:\/\/medtrack\.test\/appointments\/\S+$/);
    expect(sms.text.length).toBeLessThanOrEqual(160);
    // The kind of text, which in India names its DLT template.
    expect(reminder.sms?.template).toBe('appointment-reminder');

    const everything = JSON.stringify([mail, entry, sms, reminder]);
    expect(everything).not.toContain(REASON);
  });

  it('sends no SMS to a patient who turned SMS off', async () => {
    const { patient, appointment } = await aBooking({ patient: { smsNotifications: false } });
    await sendDueReminders(ctx, at(appointment.start, -24 * HOUR + 60_000));
    const [reminder] = await remindersTo(patient.id);
    expect(reminder.channels).toEqual({ inbox: 'pending', email: 'pending' });
    expect(reminder.sms).toBeUndefined();
  });
});
