import { randomUUID } from 'node:crypto';
import { MessageRejected, SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { PermanentDeliveryError, type CalendarInvite, type EmailMessage } from '../../../src/notifications/channels';
import { createSesMailer } from '../../../src/notifications/email';
import { testConfig } from '../../helpers/app';
import { $ } from '../../helpers/http';
import { mailsTo, type SentMail } from '../../helpers/mailbox';

/** aws-ses-v2-local keeps a raw mail parsed by mailparser, its MIME parts as base64 attachments. */
interface StoredMail extends SentMail {
  attachments: { contentType: string; filename?: string; content: string }[];
}

const config = testConfig();
const mailer = createSesMailer(config);

const anAddress = () => `asha.${randomUUID()}@example.test`;
const LINK = 'http://medtrack.test/appointments/appt-1';

function invite(overrides: Partial<CalendarInvite> = {}): CalendarInvite {
  return {
    uid: `${randomUUID()}@medtrack`,
    sequence: 0,
    method: 'REQUEST',
    start: '2026-03-03T05:00:00.000Z',
    end: '2026-03-03T05:20:00.000Z',
    summary: 'Appointment with Dr Ananya Rao',
    location: 'City General Hospital',
    url: LINK,
    ...overrides,
  };
}

function appointmentMail(to: string, template: string, data: Record<string, unknown> = {}, calendar?: CalendarInvite): EmailMessage {
  return {
    to,
    subject: `Appointment ${template}: Tue 3 Mar 2026, 10:30`,
    template: `appointment-${template}`,
    data: { recipientName: 'Asha', when: 'Tue 3 Mar 2026, 10:30', doctorName: 'Dr Ananya Rao', hospitalName: 'City General Hospital', link: LINK, ...data },
    calendar,
  };
}

/** The one mail the address got, as the SES local store keeps it. */
async function theMailTo(address: string): Promise<StoredMail> {
  const mails = (await mailsTo(address)) as StoredMail[];
  expect(mails).toHaveLength(1);
  return mails[0];
}

const decoded = (part: { content: string }) => Buffer.from(part.content, 'base64').toString('utf8');
const unfolded = (ics: string) => ics.replace(/\r\n /g, '');
const icsAttachment = (mail: StoredMail) => mail.attachments.find((part) => part.filename === 'invite.ics');
const property = (ics: string, name: string) => ics.split('\r\n').find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1);

/** Every mail to the address, oldest first, with its unfolded .ics. */
async function calendarsTo(address: string): Promise<{ mail: StoredMail; ics: string }[]> {
  const mails = (await mailsTo(address)) as StoredMail[];
  return mails.map((mail) => ({ mail, ics: unfolded(decoded(icsAttachment(mail)!)) }));
}

describe('appointment e-mails through SES', () => {
  it('a booking mail carries the HTML and text bodies and the calendar request, inline and as invite.ics', async () => {
    const to = anAddress();
    const entry = invite();

    const messageId = await mailer.send(appointmentMail(to, 'booked', {}, entry));

    const mail = await theMailTo(to);
    expect(messageId).toBeTruthy();
    expect(mail.subject).toBe('Appointment booked: Tue 3 Mar 2026, 10:30');
    expect(mail.destination.to).toEqual([to]);
    expect(mail.body.text).toContain('Hello Asha,');
    expect(mail.body.text).toContain('When:     Tue 3 Mar 2026, 10:30');
    expect(mail.body.text).toContain('Doctor:   Dr Ananya Rao');
    expect(mail.body.text).toContain('Hospital: City General Hospital');
    expect(mail.body.text).toContain(LINK);
    const html = $(mail.body.html!);
    expect(html('p').first().text()).toBe('Hello Asha,');
    expect(html('td:contains("Hospital") + td').text()).toBe('City General Hospital');
    expect(html('a:contains("View appointment")').attr('href')).toBe(LINK);

    // The text/calendar alternative (the invitation card) and the attachment hold the same file.
    const inline = mail.attachments.find((part) => part.contentType === 'text/calendar');
    const attached = icsAttachment(mail);
    expect(attached?.contentType).toBe('application/ics');
    expect(decoded(inline!)).toBe(decoded(attached!));
    const ics = unfolded(decoded(attached!));
    expect(ics).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(ics).toContain(`\r\nUID:${entry.uid}\r\n`);
    expect(ics).toContain('\r\nDTSTART:20260303T050000Z\r\n');
    expect(ics).toContain('\r\nSTATUS:CONFIRMED\r\n');
    expect(ics).toContain(`\r\nATTENDEE;RSVP=FALSE;CN="Asha":mailto:${to}\r\n`);
  });

  it('a reschedule updates the booked calendar entry: same UID, higher SEQUENCE, the new time', async () => {
    const to = anAddress();
    const booked = invite();
    await mailer.send(appointmentMail(to, 'booked', {}, booked));

    const moved = { ...booked, sequence: 1, start: '2026-03-04T06:00:00.000Z', end: '2026-03-04T06:20:00.000Z' };
    await mailer.send(appointmentMail(to, 'rescheduled', { when: 'Wed 4 Mar 2026, 11:30' }, moved));

    const [first, second] = await calendarsTo(to);
    expect(second.mail.body.text).toContain('New time: Wed 4 Mar 2026, 11:30');
    expect(second.ics).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(property(second.ics, 'UID')).toBe(property(first.ics, 'UID'));
    expect(Number(property(second.ics, 'SEQUENCE'))).toBeGreaterThan(Number(property(first.ics, 'SEQUENCE')));
    expect(property(second.ics, 'DTSTART')).toBe('20260304T060000Z');
  });

  it('a cancel mail says who cancelled and why, and removes the booked entry: METHOD:CANCEL, same UID, higher SEQUENCE', async () => {
    const to = anAddress();
    const booked = invite();
    await mailer.send(appointmentMail(to, 'booked', {}, booked));

    const cancelled = { ...booked, method: 'CANCEL' as const, sequence: 1 };
    await mailer.send(appointmentMail(to, 'cancelled', { by: 'the doctor', reason: 'The doctor is on leave that day.' }, cancelled));

    const [first, second] = await calendarsTo(to);
    expect(second.mail.body.text).toContain('Your appointment was cancelled by the doctor.');
    expect(second.mail.body.text).toContain('The doctor is on leave that day.');
    expect($(second.mail.body.html!)('blockquote').text()).toBe('The doctor is on leave that day.');
    expect(property(second.ics, 'METHOD')).toBe('CANCEL');
    expect(property(second.ics, 'STATUS')).toBe('CANCELLED');
    expect(property(second.ics, 'UID')).toBe(property(first.ics, 'UID'));
    expect(Number(property(second.ics, 'SEQUENCE'))).toBeGreaterThan(Number(property(first.ics, 'SEQUENCE')));
  });

  it('prints time, doctor, hospital and link only: medical details handed along never reach the mail', async () => {
    const to = anAddress();
    const medical = { symptoms: 'persistent chest pain', diagnosis: 'angina', prescription: 'aspirin 75 mg' };

    await mailer.send(appointmentMail(to, 'cancelled', { ...medical, by: 'you' }, invite({ method: 'CANCEL', sequence: 1 })));

    const mail = await theMailTo(to);
    const everything = [mail.subject, mail.body.text, mail.body.html, ...mail.attachments.map(decoded)].join('\n');
    expect(mail.body.text).toContain('Your appointment was cancelled by you.');
    for (const detail of Object.values(medical)) expect(everything).not.toContain(detail);
  });

  it('a mail without a calendar still goes through SendEmail, with the patient named for the doctor', async () => {
    const to = anAddress();
    const send = jest.spyOn(SESClient.prototype, 'send');
    try {
      await mailer.send(appointmentMail(to, 'booked', { recipientName: 'Ananya', patientName: 'Asha Patel', forDoctor: true }));
      expect(send.mock.calls.map(([command]) => command.constructor)).toEqual([SendEmailCommand]);
    } finally {
      send.mockRestore();
    }

    const mail = await theMailTo(to);
    expect(mail.attachments).toEqual([]);
    expect(mail.body.text).toContain('Hello Ananya,');
    expect(mail.body.text).toContain('Patient:  Asha Patel');
  });
});

describe('what SES is handed', () => {
  // Made here, not at collection: the stub replaces every SESClient's send, the tests above included.
  let ses: AwsClientStub<SESClient>;
  beforeAll(() => {
    ses = mockClient(SESClient);
  });
  afterEach(() => ses.reset());
  afterAll(() => ses.restore());

  async function rawMimeOf(message: EmailMessage) {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'raw-1' });
    expect(await mailer.send(message)).toBe('raw-1');
    const [call] = ses.commandCalls(SendRawEmailCommand);
    const raw = Buffer.from(call.args[0].input.RawMessage!.Data!);
    return { raw: raw.toString('utf8'), parsed: await simpleParser(raw) };
  }

  it('a calendar mail is one MIME message: text, HTML and text/calendar alternatives plus the invite.ics attachment', async () => {
    const to = anAddress();
    const { raw, parsed } = await rawMimeOf(appointmentMail(to, 'booked', {}, invite()));

    expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);

    expect(parsed.from?.value).toEqual([{ name: config.hospitalName, address: config.sesFrom }]);
    expect(parsed.text).toContain('Hello Asha,');
    expect(parsed.html).toContain('<p>Hello Asha,</p>');
    const calendar = parsed.attachments.find((part) => part.contentType === 'text/calendar');
    expect(calendar?.headers.get('content-type')).toMatchObject({ value: 'text/calendar', params: { method: 'REQUEST', charset: 'utf-8' } });
    expect(parsed.attachments.find((part) => part.filename === 'invite.ics')?.contentDisposition).toBe('attachment');
  });

  it('the calendar part of a cancel mail says method=CANCEL', async () => {
    const { parsed } = await rawMimeOf(appointmentMail(anAddress(), 'cancelled', {}, invite({ method: 'CANCEL', sequence: 1 })));

    const calendar = parsed.attachments.find((part) => part.contentType === 'text/calendar');
    expect(calendar?.headers.get('content-type')).toMatchObject({ params: { method: 'CANCEL' } });
  });

  it('a message SES rejects for good becomes a PermanentDeliveryError, to be dead-lettered', async () => {
    ses.on(SendRawEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));

    const sending = mailer.send(appointmentMail(anAddress(), 'booked', {}, invite()));

    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toMatchObject({ cause: { name: 'MessageRejected' } });
  });

  it('throttling is thrown as it is, to be retried', async () => {
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
    ses.on(SendEmailCommand).rejects(throttled);

    const sending = mailer.send(appointmentMail(anAddress(), 'booked'));

    await expect(sending).rejects.toBe(throttled);
  });
});
