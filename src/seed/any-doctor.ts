/**
 * Some demo visits came through "any doctor" booking, so the fairness analytics have something to
 * show: per specialty and day, the doctors with visits get the same number of them marked, plus one
 * for some (a spread of at most 1, as the booking keeps it), with the assignment it would record.
 */
import type { PastOrBookedVisit } from '../appointments';
import type { Random } from './random';

export function markAnyDoctorVisits(visits: PastOrBookedVisit[], random: Random): void {
  const groups = new Map<string, Map<string, PastOrBookedVisit[]>>();
  for (const visit of visits) {
    if (visit.status === 'cancelled') continue;
    const key = `${visit.localDate}#${visit.specialty}`;
    const group = groups.get(key) ?? groups.set(key, new Map()).get(key)!;
    group.set(visit.doctorId, [...(group.get(visit.doctorId) ?? []), visit]);
  }
  let counter = 0;
  for (const doctors of groups.values()) {
    const ids = [...doctors.keys()].sort();
    if (ids.length < 2) continue;
    const share = Math.min(...[...doctors.values()].map((v) => v.length));
    for (const [doctorId, own] of doctors) {
      const marked = share + (own.length > share && random.chance(0.5) ? 1 : 0);
      own.slice(0, marked).forEach((visit, dayLoad) => {
        const other = ids.find((id) => id !== doctorId)!;
        const skipped = random.chance(0.25) ? [{ doctorId: other, reason: 'slot taken' as const }] : [];
        counter += 1;
        visit.assignment = { mode: 'any', counter, startIndex: counter % ids.length, candidates: ids.length, dayLoad, skipped };
      });
    }
  }
}
