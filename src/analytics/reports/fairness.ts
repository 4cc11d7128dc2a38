/** Fairness per specialty: the round-robin's daily spread, and why each doctor got their visits. */
import { PICK_REASONS, type PickReason } from '../aggregate';
import type { RangeData } from './data';
import { round1, type Report } from './report';

export const REASON_WORDS: Record<PickReason, string> = {
  chosen: 'Chosen by the patient',
  'first-offer': 'Any doctor: fewest visits that day, then next in turn',
  'others-not-working': 'Any doctor: those ahead were not working then',
  'others-busy': 'Any doctor: those ahead were booked then',
  reassigned: 'Reassigned by an admin',
  unknown: 'Not recorded (archived)',
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
      type: 'line',
      labels: data.periods.map((p) => p.label),
      datasets: withAny.map(([slug]) => ({
        label: data.specialtyName(slug),
        data: data.periods.map((p) => {
          const s = p.aggregate?.specialties[slug];
          return s?.days ? s.spreadMax : null;
        }),
      })),
      yTitle: data.range.period === 'day' ? 'Spread that day' : 'Largest daily spread that week',
      description: 'The round-robin spread per specialty over time: the most minus the fewest "any doctor" visits among the doctors on duty.',
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
        caption: 'Why each doctor got their visits',
        columns: ['Doctor', 'Specialty', 'Visits', ...PICK_REASONS.map((r) => REASON_WORDS[r])],
        rows: doctors.map(([id, d]) => [data.doctorName(id), data.specialtyName(d.specialty), d.visits, ...PICK_REASONS.map((r) => d.reasons[r] ?? 0)]),
      },
    ],
    notes: [
      'Spread: on each day, the most minus the fewest "any doctor" visits among the doctors who took one or were passed over as booked. The booking keeps it at most 1 when the doctors work the same hours.',
      'Cancelled visits are left out.',
    ],
  };
}
