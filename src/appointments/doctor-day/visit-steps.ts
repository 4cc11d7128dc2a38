/**
 * The visit itself, run by the assigned doctor: booked -> checked-in -> in-progress -> completed,
 * or no-show once the start time has passed. Each step is one conditional write; a no-show also
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

/** An action inside a sentence: "You cannot check in this appointment …". */
const ACTION_WORDS: Record<VisitAction, string> = { 'check-in': 'check in', start: 'start', 'no-show': 'mark as missed', complete: 'complete' };

/** The actions the doctor can take on an appointment now, in the order of the visit. */
export function nextActions(appointment: Appointment, now = new Date()): VisitAction[] {
  return (Object.keys(STEPS) as VisitAction[]).filter(
    (action) => STEPS[action].from.includes(appointment.status) && (action !== 'no-show' || DateTime.fromISO(appointment.start) <= DateTime.fromJSDate(now)),
  );
}

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
  if (!nextActions(appointment, now).includes(action)) {
    const why = action === 'no-show' && appointment.status === 'booked' ? 'before its start time' : `while it is ${STATUS_PHRASES[appointment.status]}`;
    throw new ConflictError(`You cannot ${ACTION_WORDS[action]} this appointment ${why}.`);
  }
  const step = STEPS[action];
  const timeline = { ...appointment.timeline, [step.stamp]: now.toISOString() };
  const notices = action === 'no-show' ? await noticesOf(ctx, 'no-show', appointment, now) : [];
  const advanced = await withRetry(() => updateAppointmentStatus(ctx.db, appointment, step.to, { timeline, ...(consultation ? { consultation } : {}) }, notices));
  if (notices.length) ctx.outbox?.kick();
  return advanced;
}
