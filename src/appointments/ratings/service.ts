/**
 * Ratings: a patient rates a completed visit once (1-5 stars). The rating and the running totals
 * of the doctor and the hospital change in one transaction, so averages never drift.
 */
import type { Deps } from '../../deps';
import { ConflictError, NotFoundError } from '../../platform/http/errors';
import type { User } from '../../users';
import type { Appointment, Rating } from '../types';
import { saveRating } from './repository';

/** Rates a visit as the caller just read it: live, or archived (then on the stand-in it left). */
export async function rateVisit(ctx: Pick<Deps, 'db'>, patient: User, appointment: Appointment, rating: Omit<Rating, 'at'>): Promise<Appointment> {
  if (appointment.patientId !== patient.id) throw new NotFoundError('We could not find that appointment.');
  if (appointment.status !== 'completed') throw new ConflictError('You can rate a visit once it is completed.');
  const given: Rating = { ...rating, at: new Date().toISOString() };
  await saveRating(ctx.db, appointment, given);
  return { ...appointment, rating: given };
}
