/** The day's numbers from its appointments, merging periods, and percentiles of lead times. */
import type { Appointment } from '../../../src/appointments';
import { aggregateDay, leadBucket, leadPercentile, mergeAggregates, pickReason, rates } from '../../../src/analytics/aggregate';

let n = 0;
function visit(overrides: Partial<Appointment> = {}): Appointment {
  n += 1;
  return {
    id: `a${n}`,
    patientId: `p${n}`,
    doctorId: 'd1',
    specialty: 'cardiology',
    hospitalId: 'h',
    start: '2026-03-10T09:00:00.000Z',
    end: '2026-03-10T09:20:00.000Z',
    localDate: '2026-03-10',
    status: 'completed',
    reason: 'x',
    assignment: { mode: 'named' },
    version: 1,
    createdAt: '2026-03-09T09:00:00.000Z',
    ...overrides,
  };
}
const any = (skipped: NonNullable<Appointment['assignment']['skipped']> = []) => ({ mode: 'any' as const, counter: 1, startIndex: 0, candidates: 2, dayLoad: 0, skipped });

describe('a day aggregate', () => {
  it('counts the flow: cancelled apart, no-shows and completed among the booked, check-ins reached', () => {
    const day = aggregateDay('2026-03-10', [
      visit({ status: 'completed' }),
      visit({ status: 'in-progress' }),
      visit({ status: 'checked-in' }),
      visit({ status: 'no-show' }),
      visit({ status: 'booked' }),
      visit({ status: 'cancelled' }),
      visit({ status: 'cancelled' }),
    ]);
    expect(day.flow).toEqual({ visits: 5, checkedIn: 3, completed: 1, noShow: 1, cancelled: 2 });
    expect(rates(day.flow)).toEqual({ noShow: 1 / 5, cancelled: 2 / 7 });
    expect(day.days).toBe(1);
  });

  it('gives each doctor their visits and booked minutes, a no-show holding its time, a cancelled visit none', () => {
    const day = aggregateDay('2026-03-10', [
      visit({ doctorId: 'd1', end: '2026-03-10T09:30:00.000Z' }),
      visit({ doctorId: 'd1', status: 'no-show' }),
      visit({ doctorId: 'd1', status: 'cancelled' }),
      visit({ doctorId: 'd2', specialty: 'dermatology' }),
    ]);
    expect(day.doctors.d1).toMatchObject({ specialty: 'cardiology', visits: 2, minutes: 50 });
    expect(day.doctors.d2).toMatchObject({ specialty: 'dermatology', visits: 1, minutes: 20 });
    expect(day.specialties.cardiology.visits).toBe(2);
  });

  it('reads why each doctor was picked from the recorded assignment', () => {
    expect(pickReason({ mode: 'named' })).toBe('chosen');
    expect(pickReason({ mode: 'reassigned', by: 'a', fromDoctorId: 'd' })).toBe('reassigned');
    expect(pickReason(any())).toBe('first-offer');
    expect(pickReason(any([{ doctorId: 'd2', reason: 'not working' }]))).toBe('others-not-working');
    expect(pickReason(any([{ doctorId: 'd2', reason: 'not working' }, { doctorId: 'd3', reason: 'slot taken' }]))).toBe('others-busy');
    expect(pickReason(undefined)).toBe('unknown');
    const day = aggregateDay('2026-03-10', [visit({ assignment: any() }), visit({ assignment: any() }), visit(), visit({ assignment: any(), status: 'cancelled' })]);
    expect(day.doctors.d1.reasons).toEqual({ 'first-offer': 2, chosen: 1 });
    expect(day.doctors.d1.anyVisits).toBe(2);
  });

  it('measures the spread among doctors on duty: those with "any" visits and those passed over as booked', () => {
    const day = aggregateDay('2026-03-10', [
      visit({ doctorId: 'd1', assignment: any() }),
      visit({ doctorId: 'd1', assignment: any() }),
      visit({ doctorId: 'd1', assignment: any([{ doctorId: 'd2', reason: 'slot taken' }]) }),
      visit({ doctorId: 'd3', assignment: any([{ doctorId: 'd4', reason: 'not working' }]) }),
      // A named visit does not count in the spread, and nor does a cancelled "any" visit.
      visit({ doctorId: 'd3' }),
      visit({ doctorId: 'd3', assignment: any(), status: 'cancelled' }),
    ]);
    // d1: 3, d2 (busy, none): 0, d3: 1; d4 was not working.
    expect(day.specialties.cardiology).toEqual({ visits: 5, anyVisits: 4, days: 1, spreadSum: 3, spreadMax: 3 });
  });

  it('has no spread on a day without "any doctor" visits', () => {
    expect(aggregateDay('2026-03-10', [visit()]).specialties.cardiology).toMatchObject({ days: 0, spreadMax: 0 });
  });

  it('keeps a moved visit at its new time but its first booking time, and archived stand-ins out of lead times', () => {
    const moved = visit({ start: '2026-03-10T15:00:00.000Z', end: '2026-03-10T15:20:00.000Z', createdAt: '2026-03-10T09:30:00.000Z' });
    const standIn = visit({ createdAt: undefined as unknown as string, assignment: undefined as unknown as Appointment['assignment'], archived: true });
    const day = aggregateDay('2026-03-10', [moved, standIn, visit({ createdAt: '2026-03-01T09:00:00.000Z' })]);
    expect(day.leadHours).toEqual({ '5': 1, '216': 1 });
    expect(day.flow.visits).toBe(3);
    expect(day.doctors.d1.reasons.unknown).toBe(1);
  });

  it('records the waitlist snapshot only when one was taken', () => {
    expect(aggregateDay('2026-03-10', [], 4).waitlist).toEqual({ days: 1, sum: 4, max: 4 });
    expect(aggregateDay('2026-03-10', []).waitlist).toEqual({ days: 0, sum: 0, max: 0 });
  });
});

describe('merging periods', () => {
  it('adds counts, keeps the largest spread and sums spreads for the average', () => {
    const monday = aggregateDay('2026-03-09', [visit({ assignment: any() }), visit({ assignment: any([{ doctorId: 'd2', reason: 'slot taken' }]) })], 2);
    const tuesday = aggregateDay('2026-03-10', [visit({ status: 'no-show', assignment: any() }), visit({ status: 'cancelled' })], 6);
    const week = mergeAggregates('2026-03-09', [monday, tuesday]);
    expect(week.days).toBe(2);
    expect(week.flow).toEqual({ visits: 3, checkedIn: 2, completed: 2, noShow: 1, cancelled: 1 });
    expect(week.doctors.d1).toMatchObject({ visits: 3, minutes: 60, anyVisits: 3, reasons: { 'first-offer': 2, 'others-busy': 1 } });
    expect(week.specialties.cardiology).toMatchObject({ days: 2, spreadSum: 2, spreadMax: 2 });
    expect(week.waitlist).toEqual({ days: 2, sum: 8, max: 6 });
    // Associative: a week merged from merges is the same as from the days.
    expect(mergeAggregates('2026-03-09', [mergeAggregates('2026-03-09', [monday]), tuesday])).toEqual(week);
  });
});

describe('lead times', () => {
  it('buckets to the hour under two days and to the day beyond', () => {
    expect([0.5, 5.9, 47.99, 48, 71, 73].map(leadBucket)).toEqual([0, 5, 47, 48, 48, 72]);
  });

  it('finds the median and the 90th percentile from the buckets', () => {
    const hours = { '1': 5, '3': 3, '24': 1, '72': 1 };
    expect(leadPercentile(hours, 0.5)).toBe(1);
    expect(leadPercentile(hours, 0.8)).toBe(3);
    expect(leadPercentile(hours, 0.9)).toBe(24);
    expect(leadPercentile(hours, 1)).toBe(72);
    expect(leadPercentile({}, 0.5)).toBeUndefined();
  });
});
