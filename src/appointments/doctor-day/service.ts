/**
 * The doctor's day: their own visits, and the numbers. Filtered by a specialty, the numbers are
 * that department's at the doctor's own hospital (counts only: other doctors' patients stay
 * private), read from the department's own index key, never from the whole portal's day.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { getHospital, getSpecialty, listSpecialties, type Specialty } from '../../directory';
import type { User } from '../../users';
import { describeAppointments } from '../presenter';
import { listAppointmentsForDepartmentOnDay, listAppointmentsForDoctorOnDay } from '../repository';
import { dayStats, patientFlow } from './stats';
import { checkInOpensAt, nextActions } from './visit-steps';

type Ctx = Pick<Deps, 'db' | 'config'>;

/** The day's filters as asked: a date, and a specialty only if it exists. */
export async function dayFilters(ctx: Ctx, query: { date?: string; specialty?: string }) {
  const date = query.date ?? DateTime.now().setZone(ctx.config.timeZone).toISODate()!;
  const specialty = query.specialty ? await getSpecialty(ctx.db, query.specialty) : undefined;
  return { date, specialty };
}

/**
 * The doctor's own visits that day, and the numbers: of those visits or, for a specialty, of that
 * department at the doctor's hospital. A doctor never counts another hospital's department.
 */
export async function doctorDay(ctx: Ctx, doctor: User, date: string, specialty?: string) {
  const [own, department] = await Promise.all([
    listAppointmentsForDoctorOnDay(ctx.db, doctor.id, date),
    specialty ? listAppointmentsForDepartmentOnDay(ctx.db, doctor.doctor!.hospitalId, specialty, date) : undefined,
  ]);
  const counted = department ?? own;
  return { appointments: own, stats: dayStats(counted), flow: patientFlow(counted, ctx.config.timeZone) };
}

/** Everything the day page shows, for an approved doctor. */
export async function doctorDayPage(ctx: Ctx, doctor: User, date: string, department?: Specialty) {
  const practice = doctor.doctor!;
  const [hospital, specialty, specialties, day] = await Promise.all([
    getHospital(ctx.db, practice.hospitalId),
    getSpecialty(ctx.db, practice.specialty),
    listSpecialties(ctx.db),
    doctorDay(ctx, doctor, date, department?.slug),
  ]);
  const opens = ctx.config.booking.checkInOpensMinutes;
  const rows = (await describeAppointments(ctx, day.appointments)).map((a) => ({ ...a, actions: nextActions(a, opens), checkInOpensAt: checkInOpensAt(a, opens).toISO()! }));
  const at = DateTime.fromISO(date, { zone: ctx.config.timeZone });
  return {
    practice: [specialty?.name, hospital?.name].filter(Boolean).join(' · '),
    date,
    specialties,
    department,
    departmentHospital: hospital?.name ?? 'your hospital',
    isToday: date === DateTime.now().setZone(ctx.config.timeZone).toISODate(),
    dayLink: (d: string) => `/doctor?${new URLSearchParams({ date: d, ...(department ? { specialty: department.slug } : {}) })}`,
    previousDate: at.minus({ days: 1 }).toISODate(),
    nextDate: at.plus({ days: 1 }).toISODate(),
    rows,
    stats: day.stats,
    flow: day.flow,
  };
}

/** The page a doctor awaiting approval sees instead. */
export async function awaitingApprovalPage(ctx: Ctx, doctor: User) {
  const practice = doctor.doctor!;
  const [hospital, specialty] = await Promise.all([getHospital(ctx.db, practice.hospitalId), getSpecialty(ctx.db, practice.specialty)]);
  return { doctor: practice, hospital, specialty };
}
