/**
 * What the patient is told when the waitlist assigner books for them, and when the doctor marks
 * them a no-show. In tables of their own: the assigner and the dispatcher work through everything
 * in the table, so they must not meet other files' entries.
 */
import { bookAppointment } from '../../../src/appointments/booking/service';
import { advanceVisit } from '../../../src/appointments/doctor-day/visit-steps';
import { assignWaitlist, joinWaitlist } from '../../../src/appointments/waitlist/service';
import { listInbox } from '../../../src/notifications/inbox';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { formatInstant } from '../../../src/platform/format';
import { ConflictError } from '../../../src/platform/http/errors';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { aDoctorWithPlan, bookingContext, formKey, futureWeekday, instantAt, uniqueSpecialty } from '../../helpers/appointments';
import { $ } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { outboxItemsFor } from '../../helpers/outbox';
import { aPatient } from '../../helpers/users';

const { deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}messages-` });
const { db, config } = deps;
const zone = config.timeZone;
const ctx = bookingContext({ db, config });
const REASON = 'Recurring migraines with nausea';

beforeAll(async () => {
  await ensureTables(db.client, config.tablePrefix);
  await ensureCityGeneralCardiology(deps);
});

/** Every notification enqueued for the user, whatever its delivery state. */
const outboxOf = (userId: string) => outboxItemsFor(db, userId);

describe('a wait-list request the assigner books', () => {
  it('tells the patient their wait-list request is booked, and the doctor of a booking as usual', async () => {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const patient = await aPatient(deps);
    const date = futureWeekday(zone, 3);
    await joinWaitlist(ctx, patient, { doctorId: doctor.id, from: date, to: date, reason: REASON });

    expect(await assignWaitlist(ctx)).toMatchObject({ assigned: 1 });

    const [toPatient] = await outboxOf(patient.id);
    const [toDoctor] = await outboxOf(doctor.id);
    const when = formatInstant(instantAt(date, '09:00', zone), zone);
    expect(toPatient).toMatchObject({ event: 'appointment.waitlist-booked', inbox: { title: 'Your wait-list request is booked' } });
    expect(toPatient.email).toMatchObject({ subject: `Your wait-list request is booked: ${when}`, calendar: { method: 'REQUEST' } });
    expect(toPatient.channels).toEqual({ inbox: 'pending', email: 'pending', sms: 'pending' });
    expect(toDoctor).toMatchObject({ event: 'appointment.booked', inbox: { title: 'Appointment booked' } });

    await deps.outbox.drain();
    const [mail] = await mailsTo(patient.email);
    expect(mail.subject).toBe(`Your wait-list request is booked: ${when}`);
    expect(mail.body.text).toContain('A time came free for your wait-list request, and we booked it for you.');
    expect(mail.body.text).toContain(`When:     ${when}`);
    expect((await listInbox(db, patient.id))[0].body).toContain(`A time came free: ${when} with Dr`);
    expect(JSON.stringify([toPatient, toDoctor, mail])).not.toContain(REASON);
  });
});

describe('a no-show', () => {
  async function aPastVisit() {
    const doctor = await aDoctorWithPlan(deps, uniqueSpecialty());
    const patient = await aPatient(deps);
    const start = instantAt(futureWeekday(zone, 3), '10:00', zone);
    const booked = await bookAppointment(ctx, { patient, doctorId: doctor.id, start, reason: REASON, idempotencyKey: formKey() });
    if (booked.kind !== 'booked') throw new Error(booked.kind);
    // The doctor acts half an hour after the start.
    return { doctor, patient, appointment: booked.appointment, later: new Date(Date.parse(start) + 30 * 60_000) };
  }
  const noShowsTo = async (userId: string) => (await outboxOf(userId)).filter((n) => n.event === 'appointment.no-show');

  it('sends the patient an inbox entry and an e-mail that say "we missed you" and link to booking again', async () => {
    const { doctor, patient, appointment, later } = await aPastVisit();

    const marked = await advanceVisit(ctx, doctor, appointment.id, 'no-show', undefined, later);

    expect(marked.status).toBe('no-show');
    const [message] = await noShowsTo(patient.id);
    const when = formatInstant(appointment.start, zone);
    expect(message.inbox).toEqual({ title: 'We missed you', body: `We missed you at your appointment on ${when} with Dr ${doctor.firstName} ${doctor.lastName}. Book again when it suits you.`, link: '/appointments/new' });
    expect(message.channels).toEqual({ inbox: 'pending', email: 'pending' });
    expect(await noShowsTo(doctor.id)).toEqual([]);

    await deps.outbox.drain(() => later);
    const mail = (await mailsTo(patient.email)).find((m) => m.subject.startsWith('We missed you'))!;
    expect(mail.subject).toBe(`We missed you: ${when}`);
    expect(mail.body.text).toContain(`We missed you at your appointment on ${when} with Dr ${doctor.firstName} ${doctor.lastName} at City General Hospital.`);
    expect(mail.body.text).toContain('http://medtrack.test/appointments/new');
    expect($(mail.body.html!)('a:contains("Book again")').attr('href')).toBe('http://medtrack.test/appointments/new');
    expect(JSON.stringify([message, mail])).not.toContain(REASON);
  });

  it('is told once when two tabs mark it at the same moment: the message rides on the status change', async () => {
    const { doctor, patient, appointment, later } = await aPastVisit();

    const results = await Promise.allSettled([0, 1].map(() => advanceVisit(ctx, doctor, appointment.id, 'no-show', undefined, later)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConflictError) });
    expect(await noShowsTo(patient.id)).toHaveLength(1);
  });

  it('tells nobody when it is refused before the start time', async () => {
    const { doctor, patient, appointment } = await aPastVisit();
    await expect(advanceVisit(ctx, doctor, appointment.id, 'no-show')).rejects.toBeInstanceOf(ConflictError);
    expect(await noShowsTo(patient.id)).toEqual([]);
  });
});
