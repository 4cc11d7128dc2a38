/**
 * E-mail through SES (aws-ses-v2-local in local mode), rendered from views/emails/<template>.
 * The outbox of the notifications issue will call the same sender from its dispatcher.
 */
import path from 'node:path';
import ejs from 'ejs';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Config } from '../config';

export interface EmailMessage {
  to: string;
  subject: string;
  template: string;
  data: Record<string, unknown>;
}

export interface Mailer {
  send(message: EmailMessage): Promise<string | undefined>;
}

export function sesEndpoint(config: Config): string | undefined {
  return config.mode === 'local' ? `http://127.0.0.1:${config.local.sesPort}` : undefined;
}

export function createSesMailer(config: Config): Mailer {
  const endpoint = sesEndpoint(config);
  const ses = new SESClient({
    region: config.region,
    endpoint,
    credentials: endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 5000 },
  });
  const viewsDir = path.join(config.projectRoot, 'views', 'emails');
  return {
    async send({ to, subject, template, data }) {
      const locals = { ...data, subject, hospitalName: config.hospitalName, publicUrl: config.publicUrl };
      const [html, text] = await Promise.all([
        ejs.renderFile(path.join(viewsDir, `${template}.html.ejs`), locals),
        // Plain text is not HTML: print values as they are.
        ejs.renderFile(path.join(viewsDir, `${template}.txt.ejs`), locals, { escape: (value: unknown) => String(value ?? '') }),
      ]);
      const result = await ses.send(
        new SendEmailCommand({
          Source: `${config.hospitalName} <${config.sesFrom}>`,
          Destination: { ToAddresses: [to] },
          Message: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Html: { Data: html, Charset: 'UTF-8' }, Text: { Data: text, Charset: 'UTF-8' } },
          },
        }),
      );
      return result.MessageId;
    },
  };
}
