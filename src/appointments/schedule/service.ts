/** Working hours: what the schedule page shows, and the changes doctors and admins make to it. */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import { fullName, getUserById, type User } from '../../users';
import { ACTIVE_STATUSES } from '../booking/availability';
import { listAppointmentsForDoctorOnDay } from '../repository';
import type { Appointment } from '../types';
import { WEEKDAYS, type Leave, type WeeklyPlan } from './plan';
import { addLeave, getSchedule, removeLeave, savePlan } from './repository';
import type { LeaveFormInput } from './schemas';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface DaySummary {
  weekday: string;
  ranges: string[];
  slots: number;
}

/** Per weekday: the ranges and how many whole visits fit them (a plain day, without clock changes). */
export function summarisePlan(plan: WeeklyPlan): { days: DaySummary[]; slotsPerWeek: number } {
  const days = WEEKDAYS.map((day) => {
    const ranges = plan.days[day] ?? [];
    return {
      weekday: WEEKDAY_NAMES[day - 1],
      ranges: ranges.map((r) => `${r.start}–${r.end}`),
      slots: ranges.reduce((sum, r) => sum + Math.floor((minutesOf(r.end) - minutesOf(r.start)) / plan.slotMinutes), 0),
    };
  });
  return { days, slotsPerWeek: days.reduce((sum, d) => sum + d.slots, 0) };
}

export interface LeaveView extends Leave {
  when: string;
}

/** "Mon 4 May 2026 – Wed 6 May 2026" for whole days, with times when it starts or ends mid-day. */
export function describeLeave(leave: Leave, zone: string): LeaveView {
  const start = DateTime.fromISO(leave.startsAt, { zone });
  const end = DateTime.fromISO(leave.endsAt, { zone });
  const wholeDays = start.equals(start.startOf('day')) && end.equals(end.startOf('day'));
  const date = (at: DateTime) => at.toFormat('ccc d LLL yyyy');
  if (wholeDays) {
    const last = end.minus({ days: 1 }).startOf('day');
    return { ...leave, when: last.hasSame(start, 'day') ? `${date(start)} (whole day)` : `${date(start)} – ${date(last)}` };
  }
  const to = end.hasSame(start, 'day') ? end.toFormat('HH:mm') : `${date(end)}, ${end.toFormat('HH:mm')}`;
  return { ...leave, when: `${date(start)}, ${start.toFormat('HH:mm')} – ${to}` };
}

/** Everything the working-hours page shows: the plan, its summary, and leave not yet over. */
export async function loadSchedulePage(deps: Deps, doctorId: string) {
  const schedule = await getSchedule(deps.db, doctorId);
  const now = new Date().toISOString();
  const ahead = schedule.leave.filter((l) => l.endsAt > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  // Visits still booked inside leave, counted on every view: also those booked while it was being added.
  const clashes = await Promise.all(ahead.map((l) => bookedDuring(deps, doctorId, l)));
  const upcoming = ahead.map((l, i) => ({ ...describeLeave(l, deps.config.timeZone), clashes: clashes[i].length }));
  return { schedule, summary: schedule.plan && summarisePlan(schedule.plan), upcoming };
}

/** The doctor an admin is working on; anyone else (or a malformed id) is "not found". */
export async function getDoctorForAdmin(deps: Deps, userId: string): Promise<User> {
  const user = await getUserById(deps.db, userId);
  if (!user || user.role !== 'doctor') throw new NotFoundError('There is no doctor with that id.');
  return user;
}

export const doctorLabel = (doctor: User) => `Dr ${fullName(doctor)}`;

/** Saves the weekly plan; ConflictError when someone saved since `expectedVersion` was read. */
export async function saveWeeklyPlan(deps: Deps, doctorId: string, plan: WeeklyPlan, expectedVersion: number): Promise<void> {
  await savePlan(deps.db, doctorId, plan, expectedVersion);
  deps.dayBoard.forgetSchedule(doctorId);
}

/**
 * Adds validated leave; slots overlapping it stop being offered at once. Visits already booked in
 * it are not touched but returned, so the doctor can move or cancel them with the patients.
 */
export async function addDoctorLeave(deps: Deps, doctorId: string, input: LeaveFormInput): Promise<LeaveView & { clashes: Appointment[] }> {
  const leave: Leave = { id: randomUUID(), ...input };
  await addLeave(deps.db, doctorId, leave);
  deps.dayBoard.forgetSchedule(doctorId);
  return { ...describeLeave(leave, deps.config.timeZone), clashes: await bookedDuring(deps, doctorId, leave) };
}

/** Active visits of the doctor overlapping the leave (within the booking horizon, where visits can be). */
async function bookedDuring(deps: Deps, doctorId: string, leave: Leave): Promise<Appointment[]> {
  const zone = deps.config.timeZone;
  const last = DateTime.min(DateTime.fromISO(leave.endsAt, { zone }), DateTime.now().setZone(zone).plus({ days: deps.config.booking.horizonDays + 1 }));
  const dates: string[] = [];
  for (let day = DateTime.fromISO(leave.startsAt, { zone }).startOf('day'); day < last; day = day.plus({ days: 1 })) dates.push(day.toISODate()!);
  const days = await Promise.all(dates.map((date) => listAppointmentsForDoctorOnDay(deps.db, doctorId, date)));
  return days.flat().filter((a) => ACTIVE_STATUSES.has(a.status) && a.start < leave.endsAt && leave.startsAt < a.end);
}

/** Removes one of this doctor's leave entries; another doctor's id is "not found". */
export async function removeDoctorLeave(deps: Deps, doctorId: string, leaveId: string): Promise<LeaveView> {
  const { leave } = await getSchedule(deps.db, doctorId);
  const found = leave.find((l) => l.id === leaveId);
  if (!found) throw new NotFoundError('There is no such leave in this schedule.');
  await removeLeave(deps.db, doctorId, found);
  deps.dayBoard.forgetSchedule(doctorId);
  return describeLeave(found, deps.config.timeZone);
}
