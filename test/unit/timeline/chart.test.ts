/** The vitals chart's geometry: one chart per measurement with readings, points inside the box, in time order. */
import { CHART_BOX, vitalsCharts } from '../../../src/timeline/chart';

const zone = 'Asia/Kolkata';

describe('vitalsCharts', () => {
  it('draws only the measurements that were taken (height never), each point inside the plot', () => {
    const charts = vitalsCharts(
      [
        { at: '2026-01-10T04:00:00.000Z', vitals: { bpSystolic: 140, bpDiastolic: 90, heightCm: 170 } },
        { at: '2026-03-10T04:00:00.000Z', vitals: { bpSystolic: 128, bpDiastolic: 82, pulse: 70 } },
        { at: '2026-06-10T04:00:00.000Z', vitals: { pulse: 64 } },
      ],
      zone,
    );
    expect(charts.map((c) => c.id)).toEqual(['blood-pressure', 'pulse']);
    const [bp, pulse] = charts;
    expect(bp.lines.map((l) => l.points.map((p) => p.value))).toEqual([[140, 128], [90, 82]]);
    expect(bp.rows).toEqual([{ date: '10 Jan 2026', values: ['140', '90'] }, { date: '10 Mar 2026', values: ['128', '82'] }]);
    expect(bp.description).toBe('Blood pressure at 2 visits, from 10 Jan 2026 to 10 Mar 2026. Latest: 128/82 mmHg.');
    for (const point of charts.flatMap((c) => c.lines.flatMap((l) => l.points))) {
      expect(point.x).toBeGreaterThanOrEqual(CHART_BOX.left);
      expect(point.x).toBeLessThanOrEqual(CHART_BOX.width - CHART_BOX.right);
      expect(point.y).toBeGreaterThanOrEqual(CHART_BOX.top);
      expect(point.y).toBeLessThanOrEqual(CHART_BOX.height - CHART_BOX.bottom);
    }
    // Higher values are drawn higher (smaller y), later readings further right.
    const [first, second] = pulse.lines[0].points;
    expect(second.x).toBeGreaterThan(first.x);
    expect(second.y).toBeGreaterThan(first.y);
    expect(pulse.lines[0].path).toBe(`M${first.x} ${first.y} L${second.x} ${second.y}`);
  });

  it('centres a single reading, and gives a flat series a range to sit in', () => {
    const [temperature] = vitalsCharts([{ at: '2026-02-01T04:00:00.000Z', vitals: { temperatureC: 36.8 } }], zone);
    const [point] = temperature.lines[0].points;
    expect(point.x).toBe(CHART_BOX.left + (CHART_BOX.width - CHART_BOX.left - CHART_BOX.right) / 2);
    expect(temperature.xTicks).toHaveLength(1);
    expect(Number(temperature.yTicks[0].label)).toBeGreaterThan(36.8);
    expect(Number(temperature.yTicks[2].label)).toBeLessThan(36.8);
  });

  it('has nothing to draw without readings', () => {
    expect(vitalsCharts([], zone)).toEqual([]);
  });
});
