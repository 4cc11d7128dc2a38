/**
 * Local mode only: /dev/mailbox shows every e-mail the app sent through aws-ses-v2-local,
 * newest first, with links clickable. It is never mounted in aws mode.
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../deps';
import { linkify, type Segment } from './linkify';

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export function devRoutes(deps: Deps): Router {
  const storeUrl = `http://127.0.0.1:${deps.config.local.sesPort}/store`;
  return Router().get('/dev/mailbox', async (req: Request, res: Response) => {
    const to = typeof req.query.to === 'string' ? req.query.to.toLowerCase() : undefined;
    const response = await fetch(storeUrl, { signal: AbortSignal.timeout(3000) });
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    const messages = emails
      .filter((email) => !to || email.destination.to.some((address) => address.toLowerCase().includes(to)))
      .reverse()
      .map((email) => ({ ...email, sentAt: new Date(email.at * 1000), segments: linkify(email.body.text ?? '') as Segment[] }));
    res.render('dev/mailbox', { title: 'Dev mailbox', messages, to, sesViewer: `http://localhost:${deps.config.local.sesPort}/` });
  });
}
