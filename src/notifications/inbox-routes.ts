/**
 * The in-app inbox of every signed-in user (patients, doctors, admins, doctors awaiting approval):
 * the list, opening an entry (marks it read and goes to its page), marking all read, and the
 * unread count the navigation badge polls.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireRole, requireVerifiedEmail } from '../platform/http/guards';
import { inboxHandlers } from './inbox-handlers';

export { exposeUnreadCount } from './inbox-handlers';

export function inboxRoutes(deps: Deps): Router {
  const h = inboxHandlers(deps.db);
  const anyone = [requireRole('patient', 'doctor', 'admin'), requireVerifiedEmail];
  return Router()
    .get('/inbox', ...anyone, h.list)
    .get('/inbox/unread.json', h.unreadJson)
    .post('/inbox/read', ...anyone, h.open)
    .post('/inbox/read-all', ...anyone, h.markAllRead);
}
