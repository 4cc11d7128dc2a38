/** Formatting helpers every view can use (app.locals). */
import { DateTime } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** "+919845000011" -> "+91 98450 00011"; anything unparseable is shown as stored. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

export type InstantStyle = 'date-time' | 'date' | 'day' | 'time' | 'iso-date';

/** An instant as people in the hospital read it: "Mon 23 Nov 2026, 09:20" in its zone. */
export function formatInstant(iso: string, zone: string, style: InstantStyle = 'date-time'): string {
  const at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) return iso;
  const format = { 'date-time': 'ccc d LLL yyyy, HH:mm', date: 'cccc d LLLL yyyy', day: 'd LLL yyyy', time: 'HH:mm', 'iso-date': 'yyyy-MM-dd' }[style];
  return at.toFormat(format);
}
