/** HTTP for the waitlist: joining it from the booking page, and leaving it. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import { flash } from '../../platform/session/flash';
import { formValues, parseForm } from '../../platform/validation';
import { requireBookableDoctor } from '../booking/availability';
import { renderBookingPage } from '../booking/page';
import { hasFreePlace, tooManyMessage } from '../booking/places';
import { bookingChoicesSchema } from '../booking/schemas';
import { joinWaitlist, waitRangeErrors, withdraw } from './service';
import { entryIdSchema, joinWaitlistSchema } from './schemas';

export function waitlistHandlers(deps: Deps) {
  return {
    async join(req: Request, res: Response) {
      const choices = bookingChoicesSchema.parse({ ...req.body, date: req.body?.from });
      const values = formValues(req.body);
      const form = parseForm(joinWaitlistSchema, req.body, { multiline: ['reason'] });
      const errors = form.ok ? waitRangeErrors(deps, form.data.from, form.data.to) : form.errors;
      if (!form.ok || errors) return renderBookingPage(deps, res.status(422), req.user!.id, { choices, waitlist: { values, errors: errors! } });
      const { specialty, doctorId, from, to, reason } = form.data;
      if (doctorId) await requireBookableDoctor(deps, doctorId);
      // A courtesy: the entry could never be booked. The booking transaction is what holds the cap.
      if (!(await hasFreePlace(deps, req.user!.id))) {
        const full = { form: tooManyMessage(deps.config.booking.maxActivePerPatient) };
        return renderBookingPage(deps, res.status(409), req.user!.id, { choices, waitlist: { values, errors: full } });
      }
      await joinWaitlist(deps, req.user!, { specialty: doctorId ? undefined : specialty, doctorId: doctorId || undefined, from, to, reason });
      flash(req, 'success', 'You are on the waiting list. We will book the first free time for you and show it here.');
      res.redirect(303, '/appointments');
    },

    async withdraw(req: Request, res: Response) {
      const entryId = entryIdSchema.safeParse(req.params.entryId);
      if (!entryId.success) throw new NotFoundError('We could not find that waitlist entry.');
      await withdraw(deps, req.user!, entryId.data);
      flash(req, 'success', 'You have left the waiting list.');
      res.redirect(303, '/appointments');
    },
  };
}
