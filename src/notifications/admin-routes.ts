/** The outbox for admins: what waits to be sent, what went out, what died; queue a dead letter again. */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps';
import { requireRole } from '../platform/http/guards';
import { BadRequestError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { outboxOverview, retryDeadLetter } from './admin-outbox';

export function adminOutboxRoutes(deps: Deps): Router {
  const h = adminOutboxHandlers(deps);
  const admin = requireRole('admin');
  return Router()
    .get('/admin/outbox', admin, h.show)
    .post('/admin/outbox/:notificationId/retry', admin, h.retry);
}

const notificationIdSchema = z.uuid();

function notificationIdParam(req: Request): string {
  const parsed = notificationIdSchema.safeParse(req.params.notificationId);
  if (!parsed.success) throw new BadRequestError('That is not a notification id.');
  return parsed.data;
}

function adminOutboxHandlers(deps: Deps) {
  return {
    async show(_req: Request, res: Response) {
      res.render('notifications/outbox', { title: 'Outbox', ...(await outboxOverview(deps.db)) });
    },

    async retry(req: Request, res: Response) {
      const notificationId = notificationIdParam(req);
      await retryDeadLetter(deps.db, notificationId);
      deps.logger.info({ adminId: req.user!.id, notificationId }, 'dead letter queued again');
      deps.outbox.kick();
      flash(req, 'success', 'Queued again.');
      res.redirect(303, '/admin/outbox');
    },
  };
}
