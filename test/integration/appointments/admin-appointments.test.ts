import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { reassign } from '../../../src/appointments/admin/service';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { createSpecialty } from '../../../src/directory';
import type { User } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit } from '../../helpers/http';
import { mailsTo } from '../../helpers/mailbox';
import { outboxItemsFor } from '../../helpers/outbox';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
const zone = 'Asia/Kolkata';
const date = DateTime.now().setZone(zone).plus({ days: 6 }).toISODate()!;
const at = (hhmm: string) => DateTime.fromISO(`${date}T${hhmm}`, { zone }).toUTC().toISO()!;
const mornings = { slotMinutes: 20, days: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '09:00', end: '11:00' }]])) };

async function aClinic(doctorCount: number) {
  const specialty = `adm-${randomUUID().slice(0, 8)}`;
  await createSpecialty(deps.db, { slug: specialty, name: `Admin ${specialty}`, description: 'For the admin appointment tests' });
  const doctors = [];
  for (let i = 0; i < doctorCount; i++) {
    const doctor = await aDoctor(deps, { lastName: `Adm${i}`, doctor: { specialty, hospitalId: 'city-general', qualifications: 'MBBS', yearsOfExperience: 4, consultationFee: 400, approval: 'approved' } });
    await savePlan(deps.db, doctor.id, mornings, 0);
    doctors.push(doctor);
  }
  return { specialty, doctors };
}

async function bookWith(doctorId: string, time: string, patient?: User, reason = 'Consultation') {
  const result = await bookAppointment(deps, { patient: patient ?? (await aPatient(deps)), doctorId, start: at(time), reason, idempotencyKey: randomUUID() });
  if (result.kind !== 'booked') throw new Error(result.kind);
  return result.appointment;
}

describe('appointments for admins', () => {
  it('lists a day with filters by specialty, doctor and status', async () => {
    const { specialty, doctors } = await aClinic(2);
    await bookWith(doctors[0].id, '09:00');
    await bookWith(doctors[1].id, '09:20');
    const admin = await signIn(app, (await anAdmin(deps)).email);

    const rows = async (query: string) => {
      const page = $((await admin.get(`/admin/appointments?date=${date}&${query}`)).text);
      return page('[data-testid=admin-appointment] td[data-label=Doctor]').map((_i, el) => page(el).text()).get();
    };
    expect(await rows(`specialty=${specialty}`)).toHaveLength(2);
    expect(await rows(`specialty=${specialty}&doctor=${doctors[1].id}`)).toEqual([expect.stringContaining('Adm1')]);
    expect(await rows(`specialty=${specialty}&status=cancelled`)).toEqual([]);
    expect((await admin.get('/admin/appointments?date=nonsense&status=bogus')).status).toBe(200);
  });

  it('reassigns to a free doctor of the same specialty, moving the doctor locks', async () => {
    const { doctors } = await aClinic(3);
    const appointment = await bookWith(doctors[0].id, '10:00');
    await bookWith(doctors[2].id, '10:00');
    const admin = await signIn(app, (await anAdmin(deps)).email);
    const path = `/admin/appointments/${appointment.id}/reassign`;

    const form = $((await admin.get(path)).text);
    expect(form('input[name=doctorId]').map((_i, el) => form(el).val()).get()).toEqual([doctors[1].id]);
    const response = await submit(admin, path, path, { doctorId: doctors[1].id });
    expect(response.headers.location).toBe(`/appointments/${appointment.id}`);
    const detail = $((await admin.get(response.headers.location)).text);
    expect(detail('main .lede').text()).toContain('Adm1');
    expect(detail('[data-testid=assignment]').text()).toBe('Reassigned by an admin from another doctor.');

    // The first doctor is free again at 10:00, the second is not.
    const again = await bookAppointment(deps, { patient: await aPatient(deps), doctorId: doctors[0].id, start: at('10:00'), reason: 'Walk-in', idempotencyKey: randomUUID() });
    expect(again.kind).toBe('booked');
    const clash = await bookAppointment(deps, { patient: await aPatient(deps), doctorId: doctors[1].id, start: at('10:00'), reason: 'Walk-in', idempotencyKey: randomUUID() });
    expect(clash.kind).toBe('slot-gone');
  });

  it('refuses a doctor who is busy or of another specialty, and bad ids', async () => {
    const { doctors } = await aClinic(2);
    const appointment = await bookWith(doctors[0].id, '09:40');
    await bookWith(doctors[1].id, '09:40');
    const outsider = await aDoctor(deps);
    const admin = await signIn(app, (await anAdmin(deps)).email);
    const path = `/admin/appointments/${appointment.id}/reassign`;

    for (const doctorId of [doctors[1].id, outsider.id]) {
      const response = await submit(admin, path, path, { doctorId });
      expect(response.status).toBe(409);
      expect(messages(response.text)).toContain('not free at this time');
    }
    expect((await submit(admin, path, path, { doctorId: 'nope' })).status).toBe(422);
    expect((await admin.get(`/admin/appointments/${randomUUID()}/reassign`)).status).toBe(404);
  });

  it('is for admins only', async () => {
    const patient = await signIn(app, (await aPatient(deps)).email);
    expect((await patient.get('/admin/appointments')).status).toBe(403);
  });

  describe('telling people', () => {
    const told = (userId: string, event: string) => outboxItemsFor(deps.db, userId, `appointment.${event}`);

    it('tells the patient, the new doctor and the former one, replacing the patient\'s calendar entry by its UID', async () => {
      const { doctors } = await aClinic(2);
      const patient = await aPatient(deps);
      const appointment = await bookWith(doctors[0].id, '10:20', patient, 'Chest pain since Monday');
      const admin = await signIn(app, (await anAdmin(deps)).email);
      const path = `/admin/appointments/${appointment.id}/reassign`;
      expect((await submit(admin, path, path, { doctorId: doctors[1].id })).status).toBe(303);

      const [[booked], [toPatient], [toNewDoctor], [toFormerDoctor]] = await Promise.all([
        told(patient.id, 'booked'), told(patient.id, 'reassigned'), told(doctors[1].id, 'reassigned'), told(doctors[0].id, 'reassigned-away'),
      ]);
      expect(toPatient.email?.calendar).toMatchObject({ method: 'REQUEST', uid: booked.email!.calendar!.uid, start: appointment.start, summary: expect.stringContaining('Adm1') });
      expect(toPatient.email!.calendar!.sequence).toBeGreaterThan(booked.email!.calendar!.sequence);
      expect(toPatient.inbox).toEqual({ title: 'Your appointment has a new doctor', body: expect.stringContaining('Dr Test Adm1'), link: `/appointments/${appointment.id}` });
      expect(toPatient.sms).toMatchObject({ to: patient.phone, text: expect.stringContaining('new doctor') });
      expect(toNewDoctor).toMatchObject({ email: { to: doctors[1].email }, sms: { to: doctors[1].phone }, inbox: { link: `/appointments/${appointment.id}` } });
      expect(toNewDoctor.email?.calendar).toBeUndefined();
      expect(toFormerDoctor).toMatchObject({ email: { to: doctors[0].email }, inbox: { body: expect.stringContaining('Dr Test Adm1'), link: `/doctor?date=${date}` } });
      // Words are plain and carry no medical details: the reason for the visit is in none of them.
      const words = [toPatient, toNewDoctor, toFormerDoctor].flatMap((item) => [item.inbox?.title, item.inbox?.body, item.email?.subject, item.sms?.text]);
      expect(words.join(' ')).not.toMatch(/chest pain|reassign/i);
      expect(toPatient.sms?.text).toContain('Dr Test Adm1');
      const [patientMail] = (await mailsTo(patient.email)).filter((m) => m.subject.startsWith('Your appointment has a new doctor'));
      expect(patientMail.body.text).toContain('The calendar entry attached replaces the one you had.');
      const [formerMail] = (await mailsTo(doctors[0].email)).filter((m) => m.subject.startsWith('A visit moved'));
      expect(formerMail.body.text).toContain('It is no longer on your day.');

      // Older messages link to the visit as it is now: the patient's page names the new doctor, and
      // the former doctor is told why the visit is no longer theirs to see.
      const visit = $((await (await signIn(app, patient.email)).get(`/appointments/${appointment.id}`)).text);
      expect(visit('main .lede').text()).toContain('Adm1');
      const former = await (await signIn(app, doctors[0].email)).get(`/appointments/${appointment.id}`);
      expect(former.status).toBe(404);
      expect(messages(former.text)).toContain('passed to another doctor');
    });

    it('tells no one of a reassignment that lost a race', async () => {
      const { doctors } = await aClinic(3);
      const patient = await aPatient(deps);
      const appointment = await bookWith(doctors[0].id, '10:40', patient);
      const admin = await anAdmin(deps);

      const outcomes = await Promise.allSettled([reassign(deps, admin, appointment.id, doctors[1].id), reassign(deps, admin, appointment.id, doctors[2].id)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = outcomes[0].status === 'fulfilled' ? doctors[1] : doctors[2];
      const loser = winner === doctors[1] ? doctors[2] : doctors[1];
      expect(await told(patient.id, 'reassigned')).toHaveLength(1);
      expect(await told(winner.id, 'reassigned')).toHaveLength(1);
      expect(await told(loser.id, 'reassigned')).toHaveLength(0);
      expect(await told(doctors[0].id, 'reassigned-away')).toHaveLength(1);
    });
  });
});
