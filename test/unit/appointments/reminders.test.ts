import { ConfigError, loadConfig } from '../../../src/config';
import { appointmentIndexAttributes } from '../../../src/appointments/keys';
import { soonPhrase } from '../../../src/appointments/notices';
import { nextReminderAt, reminderStep } from '../../../src/appointments/reminders/times';
import type { Appointment } from '../../../src/appointments/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OFFSETS = [24 * HOUR, 2 * HOUR];
const START = '2026-03-10T05:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(START) - ms);

describe('nextReminderAt: the first reminder still ahead', () => {
  it('booked days ahead: the 24 h reminder', () => {
    expect(nextReminderAt(START, OFFSETS, before(3 * 24 * HOUR))).toBe('2026-03-09T05:00:00.000Z');
  });

  it('booked 3 h ahead: only the 2 h one', () => {
    expect(nextReminderAt(START, OFFSETS, before(3 * HOUR))).toBe('2026-03-10T03:00:00.000Z');
  });

  it('booked 1 h ahead: none', () => {
    expect(nextReminderAt(START, OFFSETS, before(HOUR))).toBeUndefined();
  });

  it('a reminder due exactly now is no longer ahead', () => {
    expect(nextReminderAt(START, OFFSETS, before(24 * HOUR))).toBe('2026-03-10T03:00:00.000Z');
    expect(nextReminderAt(START, OFFSETS, before(2 * HOUR))).toBeUndefined();
  });

  it('follows any list of offsets, and none when reminders are off', () => {
    expect(nextReminderAt(START, [24 * HOUR, 2 * HOUR, 30 * MINUTE], before(HOUR))).toBe('2026-03-10T04:30:00.000Z');
    expect(nextReminderAt(START, [], before(3 * 24 * HOUR))).toBeUndefined();
  });

  it('counts elapsed hours across a DST change, not wall-clock ones', () => {
    // Europe moved its clocks forward on 29 March 2026 at 01:00 UTC: 24 h before 09:00 CEST on the
    // 30th is 08:00 CET on the 29th by the wall clock, and exactly 24 h by the clock.
    const start = '2026-03-30T07:00:00.000Z';
    expect(nextReminderAt(start, OFFSETS, new Date('2026-03-27T00:00:00Z'))).toBe('2026-03-29T07:00:00.000Z');
  });
});

describe('reminderStep: what a pass does with a due reminder', () => {
  it('sends the 24 h reminder when it is due and moves on to the 2 h one', () => {
    expect(reminderStep(START, OFFSETS, '2026-03-09T05:00:00.000Z', before(24 * HOUR - MINUTE))).toEqual({ send: true, next: '2026-03-10T03:00:00.000Z' });
  });

  it('sends the last reminder and leaves nothing after it', () => {
    expect(reminderStep(START, OFFSETS, '2026-03-10T03:00:00.000Z', before(2 * HOUR - MINUTE))).toEqual({ send: true, next: undefined });
  });

  it('skips a reminder a later one has overtaken (a late pass), and moves on to that one', () => {
    expect(reminderStep(START, OFFSETS, '2026-03-09T05:00:00.000Z', before(HOUR))).toEqual({ send: false, next: '2026-03-10T03:00:00.000Z' });
  });

  it('sends nothing once the visit has begun (the app was down for a day), and clears the key', () => {
    expect(reminderStep(START, OFFSETS, '2026-03-10T03:00:00.000Z', new Date(Date.parse(START) + 24 * HOUR))).toEqual({ send: false, next: undefined });
  });

  it('with reminders switched off, clears what is left without sending', () => {
    expect(reminderStep(START, [], '2026-03-09T05:00:00.000Z', before(24 * HOUR))).toEqual({ send: false, next: undefined });
  });
});

describe('the reminder index key', () => {
  const appointment = { id: 'a1', doctorId: 'd1', patientId: 'p1', start: START, localDate: '2026-03-10', status: 'booked', nextReminderAt: '2026-03-09T05:00:00.000Z' } as Appointment;

  it('is set while the visit is booked and a reminder is left', () => {
    expect(appointmentIndexAttributes(appointment)).toMatchObject({ gsi4pk: 'REMINDER', gsi4sk: '2026-03-09T05:00:00.000Z#a1' });
  });

  it('is absent once none is left, or the visit is no longer booked', () => {
    expect(appointmentIndexAttributes({ ...appointment, nextReminderAt: undefined })).not.toHaveProperty('gsi4pk');
    expect(appointmentIndexAttributes({ ...appointment, status: 'checked-in' })).not.toHaveProperty('gsi4sk');
  });
});

describe('soonPhrase: the time as the reminder says it', () => {
  const zone = 'Asia/Kolkata';
  it('says today, tomorrow, or the day, in the hospital zone', () => {
    // 05:00 UTC is 10:30 in Kolkata.
    expect(soonPhrase(START, new Date('2026-03-10T01:00:00Z'), zone)).toBe('today at 10:30');
    expect(soonPhrase(START, new Date('2026-03-09T05:00:00Z'), zone)).toBe('tomorrow at 10:30');
    // 19:00 UTC on the 8th is already the 9th in Kolkata.
    expect(soonPhrase(START, new Date('2026-03-08T19:00:00Z'), zone)).toBe('tomorrow at 10:30');
    expect(soonPhrase(START, new Date('2026-03-07T05:00:00Z'), zone)).toBe('on Tue 10 Mar at 10:30');
  });
});

describe('MEDTRACK_REMINDERS', () => {
  const offsets = (value?: string) => loadConfig(value === undefined ? {} : { MEDTRACK_REMINDERS: value }).notifications.reminderOffsetsMs;

  it('defaults to 24 h and 2 h before the visit', () => {
    expect(offsets()).toEqual([24 * HOUR, 2 * HOUR]);
  });

  it('reads minutes, hours and days, longest first; empty switches reminders off', () => {
    expect(offsets('30m, 24h,2h')).toEqual([24 * HOUR, 2 * HOUR, 30 * MINUTE]);
    expect(offsets('2d')).toEqual([48 * HOUR]);
    expect(offsets('')).toEqual([]);
  });

  it.each(['24', '24x', '0h', '-2h', '1.5h', '24h,', '24h;2h', '2h,120m', 'tomorrow'])('refuses %j, naming the setting', (value) => {
    expect(() => offsets(value)).toThrow(ConfigError);
    expect(() => offsets(value)).toThrow('MEDTRACK_REMINDERS');
  });
});
