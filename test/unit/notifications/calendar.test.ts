import type { CalendarInvite } from '../../../src/notifications/channels';
import { icsFor, type IcsOptions } from '../../../src/notifications/calendar';

const booked: CalendarInvite = {
  uid: 'appt-7f3c@medtrack',
  sequence: 1,
  method: 'REQUEST',
  // Given with the hospital's offset: the file must carry the same instant in UTC.
  start: '2026-03-03T10:30:00+05:30',
  end: '2026-03-03T05:20:00.000Z',
  summary: 'Appointment with Dr Ananya Rao',
  location: 'City General Hospital',
  url: 'http://medtrack.test/appointments/appt-7f3c',
};

const options: IcsOptions = {
  organizerName: 'MedTrack',
  organizerEmail: 'no-reply@medtrack.local',
  attendee: { name: 'Asha Patel', email: 'asha.patel@example.test' },
  timeZone: 'Asia/Kolkata',
  now: new Date('2026-03-01T08:00:00Z'),
};

/** Content lines as a calendar client reads them: folds undone. */
const contentLines = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
const property = (ics: string, name: string) => contentLines(ics).find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));

describe('the .ics file of an appointment', () => {
  it('requests the visit: METHOD:REQUEST, a confirmed event with its UID, SEQUENCE and UTC times', () => {
    const ics = icsFor(booked, options);

    expect(contentLines(ics)[0]).toBe('BEGIN:VCALENDAR');
    expect(property(ics, 'METHOD')).toBe('METHOD:REQUEST');
    expect(property(ics, 'UID')).toBe('UID:appt-7f3c@medtrack');
    expect(property(ics, 'SEQUENCE')).toBe('SEQUENCE:1');
    expect(property(ics, 'STATUS')).toBe('STATUS:CONFIRMED');
    expect(property(ics, 'DTSTART')).toBe('DTSTART:20260303T050000Z');
    expect(property(ics, 'DTEND')).toBe('DTEND:20260303T052000Z');
    expect(property(ics, 'DTSTAMP')).toBe('DTSTAMP:20260301T080000Z');
    expect(property(ics, 'URL')).toBe('URL:http://medtrack.test/appointments/appt-7f3c');
    expect(property(ics, 'ORGANIZER')).toBe('ORGANIZER;CN="MedTrack":MAILTO:no-reply@medtrack.local');
    expect(property(ics, 'ATTENDEE')).toBe('ATTENDEE;RSVP=FALSE;CN="Asha Patel":mailto:asha.patel@example.test');
    expect(contentLines(ics).filter((line) => /^(BEGIN|END):VEVENT$/.test(line))).toEqual(['BEGIN:VEVENT', 'END:VEVENT']);
  });

  it('cancels the same entry: METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE', () => {
    const ics = icsFor({ ...booked, method: 'CANCEL', sequence: 2 }, options);

    expect(property(ics, 'METHOD')).toBe('METHOD:CANCEL');
    expect(property(ics, 'STATUS')).toBe('STATUS:CANCELLED');
    expect(property(ics, 'UID')).toBe('UID:appt-7f3c@medtrack');
    expect(property(ics, 'SEQUENCE')).toBe('SEQUENCE:2');
    expect(property(ics, 'DTSTART')).toBe('DTSTART:20260303T050000Z');
  });

  it('ends every line with CRLF and never with a bare LF or CR', () => {
    const ics = icsFor(booked, options);

    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds long lines at 75 octets, counting multi-byte characters by their bytes', () => {
    // 3 bytes per Devanagari character: folding at 75 characters would give 200-octet lines.
    const summary = 'डॉ. अनन्या राव के साथ परामर्श, कार्डियोलॉजी विभाग, दूसरी मंज़िल; कमरा 4';
    const ics = icsFor({ ...booked, summary, location: `${'Block A, '.repeat(12)}end` }, options);
    const physical = ics.split('\r\n');

    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(3);
    expect(property(ics, 'SUMMARY')).toBe(`SUMMARY:${summary.replace(/,/g, '\\,').replace(/;/g, '\\;')}`);
    expect(property(ics, 'LOCATION')).toBe(`LOCATION:${'Block A\\, '.repeat(12)}end`);
  });

  it('escapes commas, semicolons, backslashes and line breaks in the summary and location', () => {
    const ics = icsFor(
      { ...booked, summary: 'Check-up, Dr Rao; room 4\nbring the card', location: 'City General\r\nBlock A; Floor 2, C:\\Wing' },
      options,
    );

    expect(property(ics, 'SUMMARY')).toBe('SUMMARY:Check-up\\, Dr Rao\\; room 4\\nbring the card');
    expect(property(ics, 'LOCATION')).toBe('LOCATION:City General\\nBlock A\\; Floor 2\\, C:\\\\Wing');
  });

  it('says the time as the hospital reads it, and the link, in the description', () => {
    const ics = icsFor(booked, options);

    expect(property(ics, 'DESCRIPTION')).toBe('DESCRIPTION:Tue 3 Mar 2026\\, 10:30 (Asia/Kolkata)\\nhttp://medtrack.test/appointments/appt-7f3c');
  });

  it('keeps quotes and line breaks out of the quoted CN parameter', () => {
    const ics = icsFor(booked, { ...options, organizerName: 'St "Mary"\nHospital' });

    expect(property(ics, 'ORGANIZER')).toBe(`ORGANIZER;CN="St 'Mary' Hospital":MAILTO:no-reply@medtrack.local`);
  });

  it('still gives the calendar entry, without the attendee line, when the address is refused', () => {
    const ics = icsFor(booked, { ...options, attendee: { email: 'not an address' } });

    expect(property(ics, 'ATTENDEE')).toBeUndefined();
    expect(property(ics, 'UID')).toBe('UID:appt-7f3c@medtrack');
  });

  it('refuses a start that is not an instant', () => {
    expect(() => icsFor({ ...booked, start: 'next Tuesday' }, options)).toThrow(/start is not an ISO instant/);
  });
});
