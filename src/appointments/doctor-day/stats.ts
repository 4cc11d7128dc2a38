/** A doctor's day: the schedule, live counts and the patient flow by hour. Pure over the list. */
import { DateTime } from 'luxon';
import type { Appointment } from '../types';

export interface DayStats {
  total: number;
  completed: number;
  pending: number;
  cancelled: number;
  noShows: number;
}

export function dayStats(appointments: Appointment[]): DayStats {
  const count = (...statuses: Appointment['status'][]) => appointments.filter((a) => statuses.includes(a.status)).length;
  return {
    total: appointments.length,
    completed: count('completed'),
    pending: count('booked', 'checked-in', 'in-progress'),
    cancelled: count('cancelled'),
    noShows: count('no-show'),
  };
}

/** Visits (not cancelled) starting in each hour that has any, in the hospital's zone. */
export function patientFlow(appointments: Appointment[], zone: string): { hour: string; visits: number }[] {
  const perHour = new Map<string, number>();
  for (const a of appointments) {
    if (a.status === 'cancelled') continue;
    const hour = DateTime.fromISO(a.start, { zone }).toFormat('HH:00');
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
  }
  return [...perHour.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hour, visits]) => ({ hour, visits }));
}
