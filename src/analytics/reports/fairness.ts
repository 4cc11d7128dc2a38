/** Fairness per specialty: the round-robin's daily spread, and why each doctor got their visits. */
import { PICK_REASONS, type PickReason } from '../aggregate';
import type { RangeData } from './data';
import { round1, type Report } from './report';

/** Column headings, and what each means (the page's notes). */
export const REASON_WORDS: Record<PickReason, [string, string]> = {
  chosen: ['Chosen by patient', 'the patient booked this doctor by name'],
  'first-offer': ['Fewest that day', '"any doctor": offered first, having the fewest visits that day (ties go by the rotation\'s turn)'],
  'others-not-working': ['Others away', '"any doctor": the doctors offered before were not working at that time'],
  'others-busy': ['Others booked', '"any doctor": a doctor offered before was already booked at that time'],
  reassigned: ['Reassigned', 'an admin gave the visit to this doctor'],
  unknown: ['Not recorded', 'the visit was archived before the job read it'],
};

export function fairnessReport(data: RangeData): Report {
  const specialties = Object.entries(data.total.specialties).sort(([a], [b]) => data.specialtyName(a).localeCompare(data.specialtyName(b)));
  const withAny = specialties.filter(([, s]) => s.days > 0);
  const doctors = Object.entries(data.total.doctors).sort(([, a], [, b]) => a.specialty.localeCompare(b.specialty) || b.visits - a.visits);
  const largest = withAny.reduce((max, [, s]) => Math.max(max, s.spreadMax), 0);
  const anyVisits = specialties.reduce((sum, [, s]) => sum + s.anyVisits, 0);
  return {
    summary: [
      { label: '"Any doctor" visits', value: String(anyVisits) },
      { label: 'Largest daily spread', value: withAny.length ? String(largest) : 'none' },
    ],
    chart: {
      type: 'bar',
      labels: withAny.map(([slug]) => data.specialtyName(slug)),
      datasets: withAny.length
        ? [
            { label: 'Average daily spread', data: withAny.map(([, s]) => round1(s.spreadSum / s.days)) },
            { label: 'Largest daily spread', data: withAny.map(([, s]) => s.spreadMax) },
          ]
        : [],
      yTitle: 'Spread of "any doctor" visits per day',
      description: 'Per specialty, the average and the largest daily spread: the most minus the fewest "any doctor" visits among the doctors on duty that day.',
    },
    tables: [
      {
        id: 'specialties',
        caption: 'Spread per specialty',
        columns: ['Specialty', 'Visits', '"Any doctor" visits', 'Days with "any doctor" visits', 'Average daily spread', 'Largest daily spread'],
        rows: specialties.map(([slug, s]) => [data.specialtyName(slug), s.visits, s.anyVisits, s.days, s.days ? round1(s.spreadSum / s.days) : '', s.days ? s.spreadMax : '']),
      },
      {
        id: 'reasons',
        wide: true,
        caption: 'Why each doctor got their visits',
        columns: ['Doctor', 'Specialty', 'Visits', ...PICK_REASONS.map((r) => REASON_WORDS[r][0])],
        rows: doctors.map(([id, d]) => [data.doctorName(id), data.specialtyName(d.specialty), d.visits, ...PICK_REASONS.map((r) => d.reasons[r] ?? 0)]),
      },
    ],
    notes: [
      'Spread: on each day, the most minus the fewest "any doctor" visits among the doctors who took one or were passed over as booked. The booking keeps it at most 1 when the doctors work the same hours.',
      ...PICK_REASONS.map((r) => `${REASON_WORDS[r][0]}: ${REASON_WORDS[r][1]}.`),
      'Cancelled visits are left out.',
    ],
  };
}
