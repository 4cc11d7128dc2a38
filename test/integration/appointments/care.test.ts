/**
 * A care relationship: a visit booked with the doctor and not yet over, or one completed with them
 * within the configured months. Nothing else (another doctor's visit, a cancelled or long-past one).
 */
import { DateTime } from 'luxon';
import { caresFor } from '../../../src/appointments';
import { buildTestApp } from '../../helpers/app';
import { aDoctor, aPatient } from '../../helpers/users';
import { aPastVisit, daysAgoAt } from '../archive/visits';

const { deps } = buildTestApp({ MEDTRACK_CARE_RELATIONSHIP_MONTHS: '6' });
const monthsAgo = (months: number) => DateTime.now().setZone(deps.config.timeZone).minus({ months }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });

async function pair() {
  const [patient, doctor] = await Promise.all([aPatient(deps), aDoctor(deps)]);
  return { patient, doctor, cares: () => caresFor(deps, doctor.id, patient.id) };
}

describe('a care relationship', () => {
  it('holds while a visit with the doctor is booked, and not for another doctor', async () => {
    const { patient, doctor, cares } = await pair();
    const other = await aDoctor(deps);
    expect(await cares()).toBe(false);
    await aPastVisit(deps, { start: daysAgoAt(deps, -3, '10:00'), status: 'booked', patientId: patient.id, doctorId: doctor.id });
    expect(await cares()).toBe(true);
    expect(await caresFor(deps, other.id, patient.id)).toBe(false);
  });

  it('holds for a visit completed within the months, not one completed before them, nor a cancelled one', async () => {
    const recent = await pair();
    await aPastVisit(deps, { start: monthsAgo(5), status: 'completed', patientId: recent.patient.id, doctorId: recent.doctor.id });
    expect(await recent.cares()).toBe(true);

    const old = await pair();
    await aPastVisit(deps, { start: monthsAgo(7), status: 'completed', patientId: old.patient.id, doctorId: old.doctor.id });
    await aPastVisit(deps, { start: daysAgoAt(deps, 2, '10:00'), status: 'cancelled', patientId: old.patient.id, doctorId: old.doctor.id });
    await aPastVisit(deps, { start: daysAgoAt(deps, -2, '10:00'), status: 'cancelled', patientId: old.patient.id, doctorId: old.doctor.id });
    expect(await old.cares()).toBe(false);
  });

  it('does not hold for a booked visit long over that nobody marked', async () => {
    const { patient, doctor, cares } = await pair();
    await aPastVisit(deps, { start: monthsAgo(8), status: 'booked', patientId: patient.id, doctorId: doctor.id });
    expect(await cares()).toBe(false);
  });
});
