/** Availability: the booking window, a doctor's or a specialty's free slots, the next free time. */
import { DateTime } from 'luxon';
import { NotFoundError } from '../../platform/http/errors';
import { allPages, getUserById, listBookableDoctorsBySpecialty, type User } from '../../users';
import { listAppointmentsForDoctorOnDay } from '../repository';
import { slotsOn, type Slot } from '../schedule/plan';
import { getSchedule, type Schedule } from '../schedule/repository';
import type { Ctx } from '../types';

/** Availability only reads: the day board (booking/day-board.ts) is not needed here. */
type Reads = Pick<Ctx, 'db' | 'config'>;


/** A slot offered on the booking page; for "any doctor", how many doctors are free then. */
export type OfferedSlot = Slot & { doctors?: number };

export const ACTIVE_STATUSES = new Set(['booked', 'checked-in', 'in-progress']);

/** The window patients may book in: from now + minimum notice to now + horizon. */
function bookingWindow(ctx: Reads, now: Date) {
  const from = DateTime.fromJSDate(now).plus({ minutes: ctx.config.booking.minNoticeMinutes });
  return { from, to: DateTime.fromJSDate(now).plus({ days: ctx.config.booking.horizonDays }) };
}

export function withinWindow(ctx: Reads, slotStart: string, now: Date): boolean {
  const { from, to } = bookingWindow(ctx, now);
  const start = DateTime.fromISO(slotStart);
  return start >= from && start <= to;
}

export async function requireBookableDoctor(ctx: Reads, doctorId: string): Promise<User> {
  const doctor = await getUserById(ctx.db, doctorId);
  if (!doctor?.doctor || doctor.doctor.approval !== 'approved' || doctor.status !== 'active') {
    throw new NotFoundError('There is no bookable doctor with that id.');
  }
  return doctor;
}

/** A doctor's slots on a local date that are offered, inside the booking window and not taken. */
export async function freeSlotsForDoctor(ctx: Reads, doctorId: string, localDate: string, now = new Date()): Promise<Slot[]> {
  return freeSlotsIn(ctx, await getSchedule(ctx.db, doctorId), localDate, now);
}

/** The free slots of one doctor's schedule on a local date (no reads when the plan offers nothing then). */
export async function freeSlotsIn(ctx: Reads, schedule: Schedule, localDate: string, now: Date): Promise<Slot[]> {
  if (!schedule.plan) return [];
  const offered = slotsOn(schedule.plan, schedule.leave, localDate, ctx.config.timeZone).filter((slot) => withinWindow(ctx, slot.start, now));
  if (!offered.length) return [];
  const booked = await listAppointmentsForDoctorOnDay(ctx.db, schedule.doctorId, localDate);
  const busy = booked.filter((a) => ACTIVE_STATUSES.has(a.status));
  return offered.filter((slot) => !busy.some((a) => a.start < slot.end && slot.start < a.end));
}

/** The free slots of a specialty on a date: each time with how many doctors are free then. */
export async function freeSlotsForSpecialty(ctx: Reads, specialty: string, localDate: string, now = new Date()) {
  const doctors = await allBookableDoctors(ctx, specialty);
  return mergeByStart(await Promise.all(doctors.map((d) => freeSlotsForDoctor(ctx, d.id, localDate, now))));
}

/** Several doctors' free slots as one list in time order, each time with how many doctors are free then. */
export function mergeByStart(perDoctor: Slot[][]): (Slot & { doctors: number })[] {
  const byStart = new Map<string, Slot & { doctors: number }>();
  for (const slot of perDoctor.flat()) {
    const seen = byStart.get(slot.start);
    byStart.set(slot.start, { ...slot, doctors: (seen?.doctors ?? 0) + 1 });
  }
  return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
}

export function allBookableDoctors(ctx: Reads, specialty: string): Promise<User[]> {
  return allPages((cursor) => listBookableDoctorsBySpecialty(ctx.db, specialty, cursor));
}

/** Up to six free slots of the doctor nearest to the wanted time, over the next week. */
export async function nearestFreeSlots(ctx: Reads, doctorId: string, wanted: string, now: Date): Promise<Slot[]> {
  const first = DateTime.fromISO(wanted, { zone: ctx.config.timeZone });
  const days = Array.from({ length: 7 }, (_, i) => first.plus({ days: i }).toISODate()!);
  const schedule = await getSchedule(ctx.db, doctorId);
  const free = (await Promise.all(days.map((day) => freeSlotsIn(ctx, schedule, day, now)))).flat();
  const distance = (slot: Slot) => Math.abs(DateTime.fromISO(slot.start).toMillis() - first.toMillis());
  return free.sort((a, b) => distance(a) - distance(b)).slice(0, 6).sort((a, b) => a.start.localeCompare(b.start));
}

/** The first free slot of a doctor within the next `days` days, or undefined. */
export async function nextFreeSlot(ctx: Reads, doctorId: string, now = new Date(), days = 14): Promise<Slot | undefined> {
  const schedule = await getSchedule(ctx.db, doctorId);
  const first = DateTime.fromJSDate(now).setZone(ctx.config.timeZone);
  for (let i = 0; schedule.plan && i < Math.min(days, ctx.config.booking.horizonDays + 1); i++) {
    const [slot] = await freeSlotsIn(ctx, schedule, first.plus({ days: i }).toISODate()!, now);
    if (slot) return slot;
  }
  return undefined;
}
