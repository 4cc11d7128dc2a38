/** The donation calendar's pure rules: opening hours from the environment, free chairs, the re-donation interval. */
import { testConfig } from '../../helpers/app';
import { freeChairsAt, freeSlotsOn } from '../../../src/donation-booking/calendar';
import { tooSoon, tooSoonMessage } from '../../../src/donation-booking/eligibility';
import type { DonationHistory } from '../../../src/donation-booking/ports';
import type { DonationBooking } from '../../../src/donation-booking/types';

const history: DonationHistory = { lastWholeBloodDonation: async () => undefined, redonationIntervalDays: (sex) => (sex === 'male' ? 90 : 120) };
const zone = 'Asia/Kolkata';

describe('the opening hours setting', () => {
  it('reads weekdays and ranges, several ranges a day, and defaults to weekdays and Saturday morning', () => {
    expect(testConfig().donation).toEqual({ hours: { 1: [{ start: '08:00', end: '16:00' }], 2: [{ start: '08:00', end: '16:00' }], 3: [{ start: '08:00', end: '16:00' }], 4: [{ start: '08:00', end: '16:00' }], 5: [{ start: '08:00', end: '16:00' }], 6: [{ start: '09:00', end: '13:00' }] }, slotMinutes: 30, chairs: 4 });
    expect(testConfig({ MEDTRACK_DONATION_HOURS: '7 09:00-12:00;7 14:00-17:00' }).donation.hours).toEqual({ 7: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '17:00' }] });
  });

  it.each(['mon-fri 08:00-16:00', '1-5 16:00-08:00', '5-1 08:00-16:00', '1-5 8:00-16:00', '8 08:00-10:00', ''])('refuses "%s" at start-up', (hours) => {
    expect(() => testConfig({ MEDTRACK_DONATION_HOURS: hours })).toThrow(/MEDTRACK_DONATION_HOURS/);
  });

  it('refuses a slot length off the 5-minute grid and a blood bank with no chair', () => {
    expect(() => testConfig({ MEDTRACK_DONATION_SLOT_MINUTES: '12' })).toThrow(/MEDTRACK_DONATION_SLOT_MINUTES/);
    expect(() => testConfig({ MEDTRACK_DONATION_CHAIRS: '0' })).toThrow(/MEDTRACK_DONATION_CHAIRS/);
  });
});

const booking = (chair: number, start: string, end: string, status: DonationBooking['status'] = 'booked'): DonationBooking =>
  ({ id: `b${chair}${start}`, patientId: 'p', chair, start, end, localDate: '2030-01-07', status, version: 1, createdAt: start });

describe('free chairs', () => {
  const slot = { start: '2030-01-07T04:00:00.000Z', end: '2030-01-07T04:30:00.000Z' };
  it('are the chairs no standing booking overlaps, lowest first', () => {
    expect(freeChairsAt([1, 2, 3], [booking(1, slot.start, slot.end)], slot)).toEqual([2, 3]);
    // Overlapping, not equal: a booking made when slots were 20 minutes long still holds the chair.
    expect(freeChairsAt([1, 2, 3], [booking(2, '2030-01-07T04:20:00.000Z', '2030-01-07T04:40:00.000Z')], slot)).toEqual([1, 3]);
    expect(freeChairsAt([1, 2], [booking(1, '2030-01-07T04:30:00.000Z', '2030-01-07T05:00:00.000Z')], slot)).toEqual([1, 2]);
  });

  it('leave a slot out of the day once every chair is taken; cancelled bookings hold none', () => {
    const config = testConfig({ MEDTRACK_DONATION_HOURS: '1 09:30-10:30', MEDTRACK_DONATION_CHAIRS: '2' });
    const now = new Date('2030-01-01T00:00:00Z');
    const nine30 = '2030-01-07T04:00:00.000Z';
    const ten = '2030-01-07T04:30:00.000Z';
    expect(freeSlotsOn(config, '2030-01-07', [], now).map((s) => s.label)).toEqual(['09:30', '10:00']);
    const full = [booking(1, nine30, ten), booking(2, nine30, ten)];
    expect(freeSlotsOn(config, '2030-01-07', full, now).map((s) => s.label)).toEqual(['10:00']);
    expect(freeSlotsOn(config, '2030-01-07', [full[0], { ...full[1], status: 'cancelled' }], now).map((s) => s.freeChairs)).toEqual([[2], [1, 2]]);
  });
});

describe('the re-donation interval', () => {
  it('lets a man donate from 90 days after his last whole-blood donation, a woman from 120', () => {
    expect(tooSoon(history, { collectedOn: '2030-01-01', sex: 'male' }, undefined, '2030-03-31', zone)).toMatchObject({ from: '2030-04-01', intervalDays: 90 });
    expect(tooSoon(history, { collectedOn: '2030-01-01', sex: 'male' }, undefined, '2030-04-01', zone)).toBeUndefined();
    expect(tooSoon(history, { collectedOn: '2030-01-01', sex: 'female' }, undefined, '2030-04-30', zone)).toMatchObject({ from: '2030-05-01' });
    expect(tooSoon(history, { collectedOn: '2030-01-01', sex: 'female' }, undefined, '2030-05-01', zone)).toBeUndefined();
  });

  it("takes the sex from the history, else the donor's profile, else the longer wait", () => {
    expect(tooSoon(history, { collectedOn: '2030-01-01' }, 'male', '2030-04-01', zone)).toBeUndefined();
    expect(tooSoon(history, { collectedOn: '2030-01-01' }, undefined, '2030-04-01', zone)).toMatchObject({ intervalDays: 120 });
  });

  it('lets anyone with no donation on record book, and says in plain words from when the others can', () => {
    expect(tooSoon(history, undefined, 'female', '2030-01-02', zone)).toBeUndefined();
    const early = tooSoon(history, { collectedOn: '2030-01-01T10:00:00Z', sex: 'male' }, undefined, '2030-02-01', zone)!;
    expect(tooSoonMessage(early)).toBe('Your last whole-blood donation was on 1 January 2030, and donors wait 90 days between donations. You can book a donation from 1 April 2030.');
  });
});
