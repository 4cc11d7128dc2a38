import { DateTime } from 'luxon';
import { dayNote, workingDays } from '../../../src/appointments/booking/day-note';
import type { Schedule } from '../../../src/appointments/schedule/repository';
import type { Db } from '../../../src/platform/db/client';
import { loadConfig } from '../../../src/config';
import type { User } from '../../../src/users';

const config = loadConfig({});
const ctx = { config, db: undefined as unknown as Db };
const zone = config.timeZone;
/** Wednesday 2 December 2026, 10:00 in the hospital's zone. */
const now = DateTime.fromISO('2026-12-02T10:00', { zone }).toJSDate();
const mornings = { slotMinutes: 20, days: { 1: [{ start: '09:00', end: '10:00' }], 3: [{ start: '09:00', end: '10:00' }] } };
const schedule = (leave: Schedule['leave'] = []): Schedule => ({ doctorId: 'd1', plan: mornings, leave }) as Schedule;
const doctor = { firstName: 'Mira', lastName: 'Rao' } as User;
const note = (date: string, facts: Partial<Parameters<typeof dayNote>[1]> = {}) => dayNote(ctx, { date, doctors: 1, schedules: [schedule()], free: 0, ...facts }, now);

describe('why a day has nothing to book', () => {
  it('names the weekdays a plan works, in plain words', () => {
    expect(workingDays([schedule()])).toBe('Monday and Wednesday');
  });

  it('tells a weekday nobody works from time off on a working weekday', () => {
    expect(note('2026-12-06', { doctor }).message).toBe('Dr Mira Rao does not work on Sundays. Dr Mira Rao works on Monday and Wednesday.');
    const away = [{ id: 'l1', startsAt: DateTime.fromISO('2026-12-07', { zone }).toUTC().toISO()!, endsAt: DateTime.fromISO('2026-12-08', { zone }).toUTC().toISO()!, reason: 'Leave' }];
    expect(note('2026-12-07', { doctor, schedules: [schedule(away)] }).message).toBe('Dr Mira Rao does not work that day. Dr Mira Rao works on Monday and Wednesday.');
  });

  it('says the day is over, the date has passed, or is too far ahead, before anything else', () => {
    expect(note('2026-12-02').kind).toBe('day-over');
    expect(note('2026-12-01').kind).toBe('past');
    expect(note('2027-06-01').message).toBe(`You can book up to ${config.booking.horizonDays} days ahead. Here are the nearest free times.`);
    expect(note('2026-12-07').kind).toBe('full');
    expect(note('2026-12-07', { free: 2 }).kind).toBe('open');
    expect(note('2026-12-07', { doctors: 0, schedules: [] }).kind).toBe('no-doctors');
  });
});
