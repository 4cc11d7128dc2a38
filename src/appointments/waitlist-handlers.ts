/** HTTP for leaving the waitlist (joining is on the booking page, in handlers.ts). */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps';
import { NotFoundError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { withdraw } from './waitlist';

export function waitlistHandlers(deps: Deps) {
  return {
    async withdraw(req: Request, res: Response) {
      const entryId = z.uuid().safeParse(req.params.entryId);
      if (!entryId.success) throw new NotFoundError('We could not find that waitlist entry.');
      await withdraw(deps, req.user!, entryId.data);
      flash(req, 'success', 'You have left the waiting list.');
      res.redirect(303, '/appointments');
    },
  };
}
