import { rotation } from '../../../src/appointments/booking/round-robin';
import { blocksOf } from '../../../src/appointments/repository/locks';

const doctors = [{ id: 'c' }, { id: 'a' }, { id: 'b' }];

describe('rotation', () => {
  it('starts at counter mod N of the list sorted by id, and wraps around', () => {
    expect(rotation(doctors, 1).order.map((d) => d.id)).toEqual(['b', 'c', 'a']);
    expect(rotation(doctors, 3).order.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(rotation(doctors, 5).start).toEqual({ counter: 5, index: 2 });
  });

  it('gives each doctor the first offer equally often over consecutive requests', () => {
    const firsts = Array.from({ length: 300 }, (_, i) => rotation(doctors, i + 1).order[0].id);
    const counts = ['a', 'b', 'c'].map((id) => firsts.filter((f) => f === id).length);
    expect(counts).toEqual([100, 100, 100]);
  });

  it('copes with an empty specialty', () => {
    expect(rotation([], 7).order).toEqual([]);
  });
});

describe('blocksOf', () => {
  it('covers a visit with 5-minute blocks, end excluded', () => {
    expect(blocksOf('2026-11-23T03:30:00.000Z', '2026-11-23T03:50:00.000Z')).toEqual([
      '2026-11-23T03:30:00.000Z', '2026-11-23T03:35:00.000Z', '2026-11-23T03:40:00.000Z', '2026-11-23T03:45:00.000Z',
    ]);
  });

  it('makes overlapping visits of different lengths share a block', () => {
    const twenty = blocksOf('2026-11-23T03:30:00.000Z', '2026-11-23T03:50:00.000Z');
    const thirty = blocksOf('2026-11-23T03:45:00.000Z', '2026-11-23T04:15:00.000Z');
    expect(twenty.filter((b) => thirty.includes(b))).toEqual(['2026-11-23T03:45:00.000Z']);
  });
});
