/**
 * The `.ics` file of an appointment mail (RFC 5545, iTIP methods of RFC 5546): REQUEST puts the
 * visit in the recipient's calendar, or updates it (same UID, higher SEQUENCE); CANCEL removes it.
 * The `ics` package builds and escapes the text; we fold again afterwards because it folds at 75
 * characters, and the RFC counts octets (a doctor's or hospital's name in Devanagari would overflow).
 */
import { createEvent, type EventAttributes } from 'ics';
import { formatInstant } from '../platform/format';
import type { CalendarInvite } from './channels';

export interface IcsOptions {
  /** Who the invitation comes from (the hospital), and its sending address. */
  organizerName: string;
  organizerEmail: string;
  /** The recipient: Gmail shows the invitation card only when it is an attendee. */
  attendee?: { name?: string; email: string };
  /** The hospital's zone: the description says the time as the hospital reads it. */
  timeZone?: string;
  /** DTSTAMP, when this version of the entry was made; now by default. */
  now?: Date;
}

const PRODUCT_ID = '-//MedTrack//Appointments//EN';
const MAX_LINE_OCTETS = 75;

/** The text of an iCalendar file for the invite, CRLF line endings, folded at 75 octets. */
export function icsFor(invite: CalendarInvite, options: IcsOptions): string {
  const start = instant(invite.start, 'start');
  const end = instant(invite.end, 'end');
  const { attendee, timeZone } = options;
  const attributes: EventAttributes & { timestamp: number } = {
    productId: PRODUCT_ID,
    method: invite.method,
    uid: invite.uid,
    sequence: invite.sequence,
    timestamp: (options.now ?? new Date()).getTime(),
    start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end,
    endInputType: 'utc',
    endOutputType: 'utc',
    title: text(invite.summary),
    location: text(invite.location),
    url: invite.url,
    description: describe(invite, timeZone),
    status: invite.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: paramText(options.organizerName), email: options.organizerEmail },
    // RSVP=FALSE: the visit is already booked, and a reply would go to a no-reply address.
    attendees: attendee ? [{ name: paramText(attendee.name ?? attendee.email), email: attendee.email, rsvp: false }] : undefined,
  };
  let { error, value } = createEvent(attributes);
  // The attendee line only helps clients show the card: an address the library's check refuses
  // must not cost the patient the calendar entry.
  if (error && attributes.attendees) ({ error, value } = createEvent({ ...attributes, attendees: undefined }));
  if (error || !value) throw error ?? new Error('ics produced no calendar');
  return refold(value);
}

function instant(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`calendar invite ${field} is not an ISO instant: ${iso}`);
  return ms;
}

function describe(invite: CalendarInvite, timeZone: string | undefined): string {
  const when = timeZone ? `${formatInstant(invite.start, timeZone)} (${timeZone})\n` : '';
  return `${when}${invite.url}`;
}

/** TEXT values: one newline convention, no other control characters (the library escapes the rest). */
function text(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

/** Parameter values (CN) are quoted strings: they can hold neither a quote nor a line break. */
function paramText(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return value.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** Unfolds the library's lines and folds each again at 75 octets, never inside a character. */
function refold(ics: string): string {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line !== '');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // A continuation line starts with a space, which counts towards its 75 octets.
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
