/**
 * Local mode only: /dev/mailbox shows every e-mail the app sent through aws-ses-v2-local and every
 * SMS the recording sender stored, newest first, with links clickable. Never mounted in aws mode,
 * and it answers only this computer: its reset and verification links would let anyone on the
 * network into any account.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../deps';
import { listRecordedSms, listRecordedTopicMessages } from '../notifications';
import { ForbiddenError } from '../platform/http/errors';
import { localEndpoint } from '../platform/local/endpoints';
import { linkify } from './linkify';

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** MIME parts of a raw mail; only those with a file name are attachments a reader sees. */
  attachments?: { filename?: string; contentType: string; size: number }[];
  at: number;
}

export function devRoutes(deps: Deps): Router {
  // Mounted in local mode only, where SES local always has an endpoint.
  const storeUrl = `${localEndpoint(deps.config, 'ses')}/store`;
  const zone = deps.config.timeZone;
  // In the hospital's zone, to the second: the times the e-mails themselves speak in, and a mail is found by when it was asked for.
  const shown = (at: Date) => DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL yyyy, HH:mm:ss');
  return Router().get('/dev/mailbox', onlyFromThisComputer, async (req: Request, res: Response) => {
    const to = typeof req.query.to === 'string' && req.query.to.trim() ? req.query.to.trim().toLowerCase() : undefined;
    const [emails, texts, topic] = await Promise.all([listSentEmails(storeUrl, to), listRecordedSms(deps.db, { to }), to ? [] : listRecordedTopicMessages(deps.db)]);
    const messages = emails.map((email) => ({
      ...email,
      sentAt: new Date(email.at * 1000),
      shownAt: shown(new Date(email.at * 1000)),
      segments: linkify(email.body.text ?? ''),
      files: (email.attachments ?? []).filter((part) => part.filename),
    }));
    const sms = texts.map((text) => ({ ...text, sentAt: new Date(text.at), shownAt: shown(new Date(text.at)), segments: linkify(text.text) }));
    const staffTopic = topic.map((m) => ({ ...m, sentAt: new Date(m.at), shownAt: shown(new Date(m.at)) }));
    res.render('dev/mailbox', { title: 'Dev mailbox', messages, sms, staffTopic, to, zone, sesViewer: `http://localhost:${deps.config.local.sesPort}/` });
  });
}

/**
 * A second line of defence behind listening on loopback (MEDTRACK_LISTEN_HOST may open the app):
 * both the connection and, behind a trusted proxy, the client it forwards for must be this computer.
 */
function onlyFromThisComputer(req: Request, _res: Response, next: NextFunction): void {
  if (isLoopback(req.socket.remoteAddress) && isLoopback(req.ip)) return next();
  next(new ForbiddenError('The dev mailbox answers only on the computer MedTrack runs on.'));
}

const isLoopback = (address: string | undefined) => address === '::1' || /^(::ffff:)?127\./.test(address ?? '');

/** What aws-ses-v2-local holds, newest first; `to` matches part of a recipient address. */
async function listSentEmails(storeUrl: string, to: string | undefined): Promise<StoredEmail[]> {
  const response = await fetch(storeUrl, { signal: AbortSignal.timeout(3000) });
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => !to || email.destination.to.some((address) => address.toLowerCase().includes(to))).reverse();
}
