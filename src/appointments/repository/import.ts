/**
 * Bulk-loading visits as they stand after their history, for the demo seed: the items, the
 * locks of every visit not cancelled and not yet over, the patients' place counts and the rating
 * totals. A visit already over needs no locks (no booking can reach the past, and the archiver
 * frees locks "or gone"), which leaves out most of the items. Counts and totals are written whole,
 * not added to: for a database with no visits yet.
 */
import type { Db } from '../../platform/db/client';
import { putAll } from '../../platform/db/batch';
import { doctorRatingKey, hospitalRatingKey, patientPlacesKey } from '../keys';
import type { Appointment } from '../types';
import { appointmentItem } from './items';
import { lockKeysOf } from './locks';

export async function writeImportedVisits(db: Db, visits: Appointment[], now: Date): Promise<void> {
  const holding = visits.filter((v) => v.status !== 'cancelled' && Date.parse(v.end) > now.getTime());
  const locks = holding.flatMap((v) => lockKeysOf(v).map((key) => ({ ...key, appointmentId: v.id })));
  await putAll(db, db.tables.appointments, [...visits.map(appointmentItem), ...locks, ...placeCounts(visits), ...ratingTotals(visits)]);
}

function countBy(visits: Appointment[], keyOf: (visit: Appointment) => string, amount: (visit: Appointment) => number) {
  const totals = new Map<string, { count: number; sum: number }>();
  for (const visit of visits) {
    const total = totals.get(keyOf(visit)) ?? { count: 0, sum: 0 };
    totals.set(keyOf(visit), { count: total.count + 1, sum: total.sum + amount(visit) });
  }
  return totals;
}

function placeCounts(visits: Appointment[]) {
  const held = countBy(visits.filter((v) => v.holdsPlace), (v) => v.patientId, () => 1);
  return [...held].map(([patientId, { count }]) => ({ ...patientPlacesKey(patientId), places: count }));
}

function ratingTotals(visits: Appointment[]) {
  const rated = visits.filter((v) => v.rating);
  const stars = (v: Appointment) => v.rating!.stars;
  const doctors = [...countBy(rated, (v) => v.doctorId, stars)].map(([id, t]) => ({ ...doctorRatingKey(id), starsTotal: t.sum, ratings: t.count }));
  const hospitals = [...countBy(rated, (v) => v.hospitalId, stars)].map(([id, t]) => ({ ...hospitalRatingKey(id), starsTotal: t.sum, ratings: t.count }));
  return [...doctors, ...hospitals];
}
