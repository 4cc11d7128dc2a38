/** HTTP for the in-app inbox: the list, opening one entry, marking all read, the badge's count. */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../platform/db/client';
import { BadRequestError, NotFoundError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { parseForm } from '../platform/validation';
import { listInbox, markAllRead, markRead, shownCount, unreadCount } from './inbox';

const openEntrySchema = z.object({
  id: z.uuid('This notification could not be opened: its id is missing or malformed. Reload the inbox and try again.'),
  createdAt: z.iso.datetime('This notification could not be opened: its time is missing or malformed. Reload the inbox and try again.'),
});

/**
 * Only a path on this site: "//host" and "/\host" are other sites to a browser, so a stored link
 * can never make the inbox an open redirect.
 */
export const isAppPath = (link: unknown): link is string => typeof link === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(link);

async function badgeFor(db: Db, userId: string) {
  const unread = await unreadCount(db, userId);
  return { unread, shown: shownCount(unread) };
}

/** The nav badge's count, for every page a signed-in user is shown: one Query per page. */
export function exposeUnreadCount(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // fetch() calls (this badge's own poll, the doctor's day) render no navigation.
    if (req.user && req.accepts(['html', 'json']) !== 'json') res.locals.unreadBadge = await badgeFor(db, req.user.id);
    next();
  };
}

export function inboxHandlers(db: Db) {
  return {
    async list(req: Request, res: Response) {
      // The navigation's count was read for this page already (exposeUnreadCount).
      const [entries, badge] = await Promise.all([listInbox(db, req.user!.id), res.locals.unreadBadge ?? badgeFor(db, req.user!.id)]);
      res.render('notifications/inbox', { title: 'Inbox', entries, badge });
    },

    async open(req: Request, res: Response) {
      const form = parseForm(openEntrySchema, req.body);
      if (!form.ok) throw new BadRequestError(Object.values(form.errors)[0]);
      const link = await markRead(db, req.user!.id, form.data);
      if (link === undefined) throw new NotFoundError('We could not find that notification in your inbox.');
      res.redirect(303, isAppPath(link) ? link : '/inbox');
    },

    async markAllRead(req: Request, res: Response) {
      const marked = await markAllRead(db, req.user!.id);
      flash(req, 'success', marked ? `Marked ${marked === 1 ? '1 notification' : `${marked} notifications`} as read.` : 'Everything was already read.');
      res.redirect(303, '/inbox');
    },

    async unreadJson(req: Request, res: Response) {
      res.set('Cache-Control', 'no-store');
      if (req.user) res.json(await badgeFor(db, req.user.id));
      else res.status(401).json({ error: 'Log in to see your notifications.' });
    },
  };
}
