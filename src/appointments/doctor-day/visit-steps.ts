/**
 * The visit itself, run by the assigned doctor: booked -> checked-in -> in-progress -> completed
 * from when check-in opens (a configured time before the start), or no-show once the start has passed. Each step is one conditional write; a no-show also
 * enqueues, in the same transaction, the patient's "we missed you" message.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { withRetry } from '../../platform/db/retry';
import { ConflictError, NotFoundError, NotYoursError } from '../../platform/http/errors';
import type { User } from '../../users';
import { noticesOf } from '../notices';
import { getAppointment, updateAppointmentStatus } from '../repository';
import { STATUS_PHRASES } from '../words';
import type { Appointment, AppointmentStatus, Consultation, Ctx } from '../types';

export const VISIT_ACTIONS = ['check-in', 'start', 'no-show'] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number] | 'complete';

const STEPS: Record<VisitAction, { from: AppointmentStatus[]; to: AppointmentStatus; stamp: 'checkedInAt' | 'startedAt' | 'noShowAt' | 'completedAt' }> = {
  'check-in': { from: ['booked'], to: 'checked-in', stamp: 'checkedInAt' },
  start: { from: ['booked', 'checked-in'], to: 'in-progress', stamp: 'startedAt' },
  'no-show': { from: ['booked'], to: 'no-show', stamp: 'noShowAt' },
  complete: { from: ['in-progress'], to: 'completed', stamp: 'completedAt' },
};

/** When the patient may be checked in: `opensMinutes` (config `checkInOpensMinutes`) before the start. */
export function checkInOpensAt(appointment: Pick<Appointment, 'start'>, opensMinutes: number): DateTime {
  return DateTime.fromISO(appointment.start).minus({ minutes: opensMinutes });
}

/**
 * The actions the doctor can take on an appointment now, in the order of the visit: check-in and
 * start once check-in opens (complete follows start), no-show only once the start has passed.
 */
export function nextActions(appointment: Appointment, opensMinutes: number, now = new Date()): VisitAction[] {
  const at = DateTime.fromJSDate(now);
  const opened = checkInOpensAt(appointment, opensMinutes) <= at;
  const started = DateTime.fromISO(appointment.start) <= at;
  const inTime: Record<VisitAction, boolean> = { 'check-in': opened, start: opened, 'no-show': started, complete: true };
  return (Object.keys(STEPS) as VisitAction[]).filter((action) => STEPS[action].from.includes(appointment.status) && inTime[action]);
}

/** Why the action is not open now, as the doctor reads it. */
function refusal(ctx: Ctx, appointment: Appointment, action: VisitAction): string {
  const time = (at: DateTime) => at.setZone(ctx.config.timeZone).toFormat('HH:mm');
  if (!STEPS[action].from.includes(appointment.status)) return `This visit is ${STATUS_PHRASES[appointment.status]}, so it cannot be ${PAST[action]} now.`;
  if (action === 'no-show') return `A patient can be marked as missed only after the visit's start time (${time(DateTime.fromISO(appointment.start))}).`;
  const opens = ctx.config.booking.checkInOpensMinutes;
  return `Check-in for this visit opens at ${time(checkInOpensAt(appointment, opens))}, ${opens} minutes before it starts. The visit cannot be ${PAST[action]} before then.`;
}

const PAST: Record<VisitAction, string> = { 'check-in': 'checked in', start: 'started', 'no-show': 'marked as missed', complete: 'completed' };

/** Only the assigned doctor runs the visit; to anyone else it does not exist. */
export async function ownVisit(ctx: Pick<Deps, 'db'>, doctor: User, appointmentId: string): Promise<Appointment> {
  const appointment = await getAppointment(ctx.db, appointmentId);
  if (!appointment) throw new NotFoundError('We could not find that appointment.');
  if (appointment.doctorId !== doctor.id) throw new NotYoursError('We could not find that appointment.');
  return appointment;
}

export async function advanceVisit(
  ctx: Ctx,
  doctor: User,
  appointmentId: string,
  action: VisitAction,
  consultation?: Consultation,
  now = new Date(),
): Promise<Appointment> {
  const appointment = await ownVisit(ctx, doctor, appointmentId);
  if (!nextActions(appointment, ctx.config.booking.checkInOpensMinutes, now).includes(action)) throw new ConflictError(refusal(ctx, appointment, action));
  const step = STEPS[action];
  const timeline = { ...appointment.timeline, [step.stamp]: now.toISOString() };
  const notices = action === 'no-show' ? await noticesOf(ctx, 'no-show', appointment, now) : [];
  const advanced = await withRetry(() => updateAppointmentStatus(ctx.db, appointment, step.to, { timeline, ...(consultation ? { consultation } : {}) }, notices));
  if (notices.length) ctx.outbox?.kick();
  return advanced;
}
