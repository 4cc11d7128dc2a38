/** Patient flow: what became of the visits day by day, no-show and cancellation rates, the waitlist and lead times. */
import { leadPercentile, rates } from '../aggregate';
import type { RangeData } from './data';
import { leadWords, percent, round1, type Cell, type Report } from './report';

export function flowReport(data: RangeData): Report {
  const { total } = data;
  const overall = rates(total.flow);
  const series = (pick: (f: typeof total.flow) => number) => data.periods.map((p) => (p.aggregate ? pick(p.aggregate.flow) : null));
  const rows = data.periods.map((p): Cell[] => {
    const a = p.aggregate;
    if (!a) return [p.start, '', '', '', '', '', '', '', '', '', ''];
    const r = rates(a.flow);
    const waitlist = a.waitlist.days ? round1(a.waitlist.sum / a.waitlist.days) : '';
    return [p.start, a.flow.visits, a.flow.checkedIn, a.flow.completed, a.flow.noShow, a.flow.cancelled, percent(r.noShow), percent(r.cancelled), waitlist, leadPercentile(a.leadHours, 0.5) ?? '', leadPercentile(a.leadHours, 0.9) ?? ''];
  });
  const waitlistAverage = total.waitlist.days ? round1(total.waitlist.sum / total.waitlist.days) : undefined;
  return {
    summary: [
      { label: 'No-show rate', value: overall.noShow === undefined ? 'no visits' : `${percent(overall.noShow)} %` },
      { label: 'Cancellation rate', value: overall.cancelled === undefined ? 'no bookings' : `${percent(overall.cancelled)} %` },
      { label: 'Booking to visit, median', value: leadWords(leadPercentile(total.leadHours, 0.5)) },
      { label: 'Booking to visit, 90th percentile', value: leadWords(leadPercentile(total.leadHours, 0.9)) },
      { label: 'Waiting list, open entries a day', value: waitlistAverage === undefined ? 'not recorded' : waitlistAverage === total.waitlist.max ? String(waitlistAverage) : `${waitlistAverage} (most ${total.waitlist.max})` },
    ],
    chart: {
      type: 'line',
      labels: data.periods.map((p) => p.label),
      datasets: [
        { label: 'Booked', data: series((f) => f.visits) },
        { label: 'Checked in', data: series((f) => f.checkedIn) },
        { label: 'Completed', data: series((f) => f.completed) },
        { label: 'No-show', data: series((f) => f.noShow) },
        { label: 'Cancelled', data: series((f) => f.cancelled) },
      ],
      yTitle: 'Visits',
      description: `Visits per ${data.range.period}: booked, checked in, completed, missed and cancelled.`,
    },
    tables: [
      {
        id: 'flow',
        wide: true,
        caption: `Per ${data.range.period}`,
        columns: [data.range.period === 'day' ? 'Date' : 'Week of', 'Booked', 'Checked in', 'Completed', 'No-show', 'Cancelled', 'No-show %', 'Cancelled %', 'Waiting list', 'Lead, median (h)', 'Lead, 90th pct (h)'],
        rows,
      },
    ],
    notes: [
      'Booked counts every visit not cancelled. The no-show rate is of those; the cancellation rate is of every booking, cancelled ones included.',
      'Waiting list: open entries that day. Lead: booking to visit, from when the visit was first booked to its start (a moved visit keeps its booking time), to the hour under two days and to the day beyond.',
      'The waiting list is counted at each hourly run: a day keeps the count of its last run, and days before the job first ran have none.',
    ],
  };
}
