import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { savePlan } from '../../../src/appointments';
import { bookAppointment } from '../../../src/appointments/booking/service';
import { createSpecialty } from '../../../src/directory';
import { buildTestApp } from '../../helpers/app';
import { $, messages, signIn, submit } from '../../helpers/http';
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

async function bookWith(doctorId: string, time: string) {
  const result = await bookAppointment(deps, { patient: await aPatient(deps), doctorId, start: at(time), reason: 'Consultation', idempotencyKey: randomUUID() });
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
});
