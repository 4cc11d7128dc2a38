/** Workload per doctor: visits and booked minutes, week by week. */
import { byWeek, type RangeData } from './data';
import { round1, type Report } from './report';

/** The chart shows the busiest doctors; the tables and the CSV hold every one. */
const CHART_DOCTORS = 8;

export function workloadReport(data: RangeData): Report {
  const weeks = byWeek(data);
  const doctors = Object.entries(data.total.doctors).sort(([, a], [, b]) => b.minutes - a.minutes || b.visits - a.visits);
  const weekCount = weeks.length;
  const perDoctor = doctors.map(([id, d]) => [data.doctorName(id), data.specialtyName(d.specialty), d.visits, round1(d.minutes / 60), round1(d.visits / weekCount)]);
  const weekRows = weeks.flatMap((week) =>
    Object.entries(week.aggregate?.doctors ?? {})
      .sort(([, a], [, b]) => b.minutes - a.minutes)
      .map(([id, d]) => [week.start, data.doctorName(id), data.specialtyName(d.specialty), d.visits, d.minutes]),
  );
  const charted = doctors.slice(0, CHART_DOCTORS);
  const totalMinutes = doctors.reduce((sum, [, d]) => sum + d.minutes, 0);
  return {
    summary: [
      { label: 'Doctors with visits', value: String(doctors.length) },
      { label: 'Visits', value: String(data.total.flow.visits) },
      { label: 'Booked hours', value: String(round1(totalMinutes / 60)) },
    ],
    chart: {
      type: 'bar',
      stacked: true,
      labels: weeks.map((w) => w.label),
      datasets: charted.map(([id]) => ({ label: data.doctorName(id), data: weeks.map((w) => (w.aggregate ? round1((w.aggregate.doctors[id]?.minutes ?? 0) / 60) : null)) })),
      yTitle: 'Booked hours',
      description: `Booked hours per week for the ${charted.length} busiest doctors, stacked.`,
    },
    tables: [
      { id: 'doctors', caption: 'Per doctor over the range', columns: ['Doctor', 'Specialty', 'Visits', 'Booked hours', 'Visits per week'], rows: perDoctor },
      { id: 'weeks', caption: 'Week by week', folded: true, columns: ['Week of', 'Doctor', 'Specialty', 'Visits', 'Booked minutes'], rows: weekRows },
    ],
    notes: [
      'Visits not cancelled count, no-shows included: their time was booked.',
      ...(data.range.period === 'day' ? ['Weeks start on Monday; a week cut by the range counts only its days in the range.'] : []),
    ],
  };
}
