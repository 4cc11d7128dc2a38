/**
 * The cap on places: one patient holds at most `booking.maxActivePerPatient` active visits. The
 * database enforces it (repository/places.ts); this file says it in words, and gives back the
 * places of visits whose day is over but which nobody marked done, so nobody stays stuck.
 */
import { DateTime } from 'luxon';
import { countPlaces, listEndedVisitsHoldingPlaces, releasePlaceOfEndedVisit } from '../repository';
import type { Ctx } from '../types';

export function tooManyMessage(max: number): string {
  return `You already have ${max} upcoming appointments, the most one patient can hold at a time. Cancel one you no longer need, then book again.`;
}

/**
 * Gives back the places of the patient's visits from days before today (hospital time) that are
 * still booked, checked in or under way: the doctor never closed them. Today's visits keep theirs,
 * so a doctor finishing a late visit never races this. Returns how many were given back.
 */
export async function releaseStalePlaces(ctx: Ctx, patientId: string, now = new Date()): Promise<number> {
  const today = DateTime.fromJSDate(now).setZone(ctx.config.timeZone).startOf('day').toUTC().toISO()!;
  const stale = await listEndedVisitsHoldingPlaces(ctx.db, patientId, today);
  const released = await Promise.all(stale.map((visit) => releasePlaceOfEndedVisit(ctx.db, visit)));
  return released.filter(Boolean).length;
}

/** Whether the patient may take another place now; stale places are given back first when needed. */
export async function hasFreePlace(ctx: Ctx, patientId: string, now = new Date()): Promise<boolean> {
  const max = ctx.config.booking.maxActivePerPatient;
  if ((await countPlaces(ctx.db, patientId)) < max) return true;
  return (await releaseStalePlaces(ctx, patientId, now)) > 0 && (await countPlaces(ctx.db, patientId)) < max;
}
