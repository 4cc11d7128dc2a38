/**
 * E-mail through SES (aws-ses-v2-local in local mode), rendered from views/emails/<template>.
 * A mail with a calendar entry goes as raw MIME (SendRawEmail): the `.ics` is both a
 * `text/calendar; method=…` alternative, which Gmail and Outlook turn into an invitation card, and
 * an `invite.ics` attachment for every other client (nodemailer's `icalEvent` layout).
 */
import path from 'node:path';
import ejs from 'ejs';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Config } from '../config';
import { localEndpoint } from '../platform/local/endpoints';
import { icsFor } from './calendar';
import { PermanentDeliveryError, type CalendarInvite, type Mailer } from './channels';

export type { EmailMessage, Mailer } from './channels';

/** SES error names that no retry can fix; throttling, 5xx and timeouts are retried as they are. */
const PERMANENT_SES_ERRORS = new Set([
  'MessageRejected',
  'InvalidParameterValue',
  'MailFromDomainNotVerified',
  'MailFromDomainNotVerifiedException',
]);

interface RenderedMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export function createSesMailer(config: Config): Mailer {
  const endpoint = localEndpoint(config, 'ses');
  const ses = new SESClient({
    region: config.region,
    endpoint,
    credentials: endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 5000, throwOnRequestTimeout: true },
  });
  const render = templateRenderer(config);
  return {
    async send({ to, subject, template, data, calendar }) {
      const { html, text } = await render(template, data, subject);
      const mail = { to, subject, html, text };
      try {
        if (!calendar) return await sendPlain(ses, config, mail);
        const recipientName = typeof data.recipientName === 'string' ? data.recipientName : undefined;
        return await sendWithCalendar(ses, config, mail, calendarFile(config, calendar, to, recipientName));
      } catch (error) {
        if (error instanceof Error && PERMANENT_SES_ERRORS.has(error.name)) {
          throw new PermanentDeliveryError(`SES rejected the e-mail (${error.name})`, { cause: error });
        }
        throw error;
      }
    },
  };
}

async function sendPlain(ses: SESClient, config: Config, mail: RenderedMail): Promise<string | undefined> {
  const result = await ses.send(
    new SendEmailCommand({
      Source: `${config.hospitalName} <${config.sesFrom}>`,
      Destination: { ToAddresses: [mail.to] },
      Message: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
      },
    }),
  );
  return result.MessageId;
}

async function sendWithCalendar(ses: SESClient, config: Config, mail: RenderedMail, calendar: CalendarFile): Promise<string | undefined> {
  const raw = await new MailComposer({
    from: { name: config.hospitalName, address: config.sesFrom },
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    icalEvent: { method: calendar.method, filename: 'invite.ics', content: calendar.ics },
  })
    .compile()
    .build();
  // No Destinations: SES takes the recipients from the To header, as the local emulator does.
  const result = await ses.send(new SendRawEmailCommand({ Source: config.sesFrom, RawMessage: { Data: raw } }));
  return result.MessageId;
}

interface CalendarFile {
  method: CalendarInvite['method'];
  ics: string;
}

function calendarFile(config: Config, invite: CalendarInvite, to: string, recipientName: string | undefined): CalendarFile {
  const email = addressparser(to, { flatten: true })[0]?.address ?? to;
  try {
    const ics = icsFor(invite, {
      organizerName: config.hospitalName,
      organizerEmail: config.sesFrom,
      attendee: { name: recipientName, email },
      timeZone: config.timeZone,
    });
    return { method: invite.method, ics };
  } catch (error) {
    // The same invite fails the same way on every attempt.
    throw new PermanentDeliveryError('the calendar entry of the e-mail is invalid', { cause: error });
  }
}

/**
 * Renders views/emails/<template>.html.ejs and .txt.ejs. `hospitalName` is the portal's name (the
 * partials' header and footer); the message's own values stay readable as `data.*` too, so an
 * appointment mail shows the appointment's hospital (`data.hospitalName`), and an optional field
 * (`data.reason`) is simply undefined instead of a ReferenceError.
 */
export function templateRenderer(config: Config) {
  const viewsDir = path.join(config.projectRoot, 'views', 'emails');
  return async (template: string, data: Record<string, unknown>, subject: string): Promise<{ html: string; text: string }> => {
    const locals = { ...data, data, subject, hospitalName: config.hospitalName, publicUrl: config.publicUrl };
    const [html, text] = await Promise.all([
      ejs.renderFile(path.join(viewsDir, `${template}.html.ejs`), locals),
      // Plain text is not HTML: print values as they are.
      ejs.renderFile(path.join(viewsDir, `${template}.txt.ejs`), locals, { escape: (value: unknown) => String(value ?? '') }),
    ]);
    return { html, text };
  };
}
