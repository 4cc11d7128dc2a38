/** HTTP for the waitlist: joining it from the booking page, and leaving it. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { renderBookingPage } from '../booking/page';
import { bookingChoicesSchema } from '../booking/schemas';
import { askToWait, withdraw } from './service';
import { entryIdSchema, joinWaitlistSchema } from './schemas';

export function waitlistHandlers(deps: Deps) {
  return {
    /** A refusal shows the booking page again, its message and the values typed on the waitlist form. */
    join: withFormErrors(
      (req, res, { values, errors }) =>
        renderBookingPage(deps, res, req.user!.id, { choices: bookingChoicesSchema.parse({ ...req.body, date: req.body?.from }), waitlist: { values, errors } }),
      async (req, res) => {
        const { specialty, doctorId, from, to, reason } = validForm(joinWaitlistSchema, req.body, { multiline: ['reason'] });
        await askToWait(deps, req.user!, { specialty: doctorId ? undefined : specialty, doctorId: doctorId || undefined, from, to, reason });
        flash(req, 'success', 'You are on the waiting list. We will book the first free time for you and show it here.');
        res.redirect(303, '/appointments');
      },
    ),

    async withdraw(req: Request, res: Response) {
      const entryId = entryIdSchema.safeParse(req.params.entryId);
      if (!entryId.success) throw new NotFoundError('We could not find that waitlist entry.');
      await withdraw(deps, req.user!, entryId.data);
      flash(req, 'success', 'You have left the waiting list.');
      res.redirect(303, '/appointments');
    },
  };
}
