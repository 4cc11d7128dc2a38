import { planOffers, slotsOn, type Leave, type WeeklyPlan } from '../../../src/appointments/schedule/plan';

const KOLKATA = 'Asia/Kolkata';
const weekdays: WeeklyPlan = {
  slotMinutes: 20,
  days: { 1: [{ start: '09:00', end: '10:00' }, { start: '14:00', end: '15:00' }], 3: [{ start: '09:00', end: '09:50' }] },
};

describe('slotsOn', () => {
  it('cuts each working range into whole slots, in the hospital zone, stored as UTC', () => {
    const slots = slotsOn(weekdays, [], '2026-11-23', KOLKATA); // a Monday
    expect(slots.map((s) => s.label)).toEqual(['09:00', '09:20', '09:40', '14:00', '14:20', '14:40']);
    expect(slots[0]).toEqual({ start: '2026-11-23T03:30:00.000Z', end: '2026-11-23T03:50:00.000Z', label: '09:00' });
  });

  it('drops a last slot that would run past the end of the range (the break stays free)', () => {
    expect(slotsOn(weekdays, [], '2026-11-25', KOLKATA).map((s) => s.label)).toEqual(['09:00', '09:20']);
  });

  it('offers nothing on a day without hours, or for a date that does not exist', () => {
    expect(slotsOn(weekdays, [], '2026-11-24', KOLKATA)).toEqual([]);
    expect(slotsOn(weekdays, [], '2026-02-30', KOLKATA)).toEqual([]);
  });

  it('leaves out every slot that overlaps leave, and only those (leave ending at 09:40 frees 09:40)', () => {
    // 09:15 to 09:40 local
    const leave: Leave[] = [{ id: 'l1', startsAt: '2026-11-23T03:45:00.000Z', endsAt: '2026-11-23T04:10:00.000Z', reason: 'conference' }];
    expect(slotsOn(weekdays, leave, '2026-11-23', KOLKATA).map((s) => s.label)).toEqual(['09:40', '14:00', '14:20', '14:40']);
  });

  it('skips the hour that does not exist when clocks go forward (London, 29 March 2026)', () => {
    const night: WeeklyPlan = { slotMinutes: 30, days: { 7: [{ start: '00:00', end: '03:00' }] } };
    const slots = slotsOn(night, [], '2026-03-29', 'Europe/London');
    // 00:00-03:00 local is only two real hours that night.
    expect(slots.map((s) => s.label)).toEqual(['00:00', '00:30', '02:00', '02:30']);
    expect(slots.map((s) => s.start)).toEqual([
      '2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z',
    ]);
  });

  it('gives the repeated hour once per real half-hour when clocks go back (London, 25 October 2026)', () => {
    const night: WeeklyPlan = { slotMinutes: 30, days: { 7: [{ start: '00:00', end: '02:00' }] } };
    const slots = slotsOn(night, [], '2026-10-25', 'Europe/London');
    expect(slots).toHaveLength(6); // three real hours
    expect(new Set(slots.map((s) => s.start)).size).toBe(6);
  });
});

describe('planOffers', () => {
  it('finds exactly the slots of the plan, however the instant is written', () => {
    expect(planOffers(weekdays, [], '2026-11-23T09:20:00+05:30', KOLKATA)?.label).toBe('09:20');
    expect(planOffers(weekdays, [], '2026-11-23T03:50:00Z', KOLKATA)?.label).toBe('09:20');
    expect(planOffers(weekdays, [], '2026-11-23T09:25:00+05:30', KOLKATA)).toBeUndefined();
    expect(planOffers(weekdays, [], '2026-11-23T13:00:00+05:30', KOLKATA)).toBeUndefined();
  });
});
