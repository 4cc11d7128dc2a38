/**
 * What every analytics page reads: the range's day items (up to 60 days) or week items (longer
 * ranges), one Query, with the doctors' and specialties' names for the tables.
 */
import type { Deps } from '../../deps';
import { listSpecialties } from '../../directory';
import { fullName, getUserById } from '../../users';
import { mergeAggregates, type Aggregate } from '../aggregate';
import { listAggregates } from '../repository';
import { periodLabel, weekStartOf, type Range } from '../range';

export interface PeriodData {
  start: string;
  label: string;
  /** Undefined when the job has not computed the period yet. */
  aggregate?: Aggregate;
}

export interface RangeData {
  range: Range;
  periods: PeriodData[];
  total: Aggregate;
  /** Periods of the range with no numbers yet. */
  missing: number;
  /** When the latest of the items read was computed (UTC ISO). */
  computedAt?: string;
  doctorName: (id: string) => string;
  specialtyName: (slug: string) => string;
}

/** The range's numbers: at most 60 aggregate items read, whatever the range and the volume. */
export async function loadRange(deps: Pick<Deps, 'db'>, range: Range): Promise<RangeData> {
  const items = await listAggregates(deps.db, range.period, range.readFrom, range.readTo);
  const byStart = new Map(items.map((item) => [item.start, item]));
  const periods = range.starts.map((start) => ({ start, label: periodLabel(range, start), aggregate: byStart.get(start) }));
  const total = mergeAggregates(range.readFrom, items);
  const [specialties, doctors] = await Promise.all([listSpecialties(deps.db), Promise.all(Object.keys(total.doctors).map((id) => getUserById(deps.db, id)))]);
  const doctorNames = new Map(doctors.flatMap((user) => (user ? [[user.id, `Dr ${fullName(user)}`] as const] : [])));
  const specialtyNames = new Map(specialties.map((s) => [s.slug, s.name]));
  return {
    range,
    periods,
    total,
    missing: periods.filter((p) => !p.aggregate).length,
    computedAt: items.map((item) => item.computedAt).sort().at(-1),
    doctorName: (id) => doctorNames.get(id) ?? 'A former doctor',
    specialtyName: (slug) => specialtyNames.get(slug) ?? slug,
  };
}

/** The periods grouped by week (Monday), days merged: a day range's weeks, or the weeks as read. */
export function byWeek(data: RangeData): PeriodData[] {
  if (data.range.period === 'week') return data.periods;
  const weeks = new Map<string, Aggregate[]>();
  for (const p of data.periods) {
    const week = weekStartOf(p.start);
    weeks.set(week, [...(weeks.get(week) ?? []), ...(p.aggregate ? [p.aggregate] : [])]);
  }
  return [...weeks].map(([start, days]) => ({ start, label: `week of ${start}`, aggregate: days.length ? mergeAggregates(start, days) : undefined }));
}
