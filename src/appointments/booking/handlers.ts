/** HTTP for booking: the booking page and the booking form. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { validForm, withFormErrors } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { renderBookingPage } from './page';
import { bookedOrRefused, SlotGoneError } from './refusals';
import { bookingChoicesSchema, bookAppointmentSchema } from './schemas';
import { bookAppointment } from './service';

export function bookingHandlers(deps: Deps) {
  return {
    newBookingForm: (req: Request, res: Response) => renderBookingPage(deps, res, req.user!.id, { choices: bookingChoicesSchema.parse(req.query) }),

    /** A refusal shows the page again with the choices made; a time just taken, with the nearest free ones. */
    book: withFormErrors(
      (req, res, { values, errors, error }) =>
        renderBookingPage(deps, res, req.user!.id, {
          choices: bookingChoicesSchema.parse(req.body ?? {}),
          values,
          errors,
          alternatives: error instanceof SlotGoneError ? error.alternatives : undefined,
        }),
      async (req, res) => {
        const { specialty, doctorId, start, reason, idempotencyKey } = validForm(bookAppointmentSchema, req.body, { multiline: ['reason'] });
        const named = doctorId || undefined;
        const booking = { patient: req.user!, doctorId: named, specialty: named ? undefined : specialty, start, reason, idempotencyKey };
        const appointment = bookedOrRefused(await bookAppointment(deps, booking));
        flash(req, 'success', 'Your appointment is booked.');
        res.redirect(303, `/appointments/${appointment.id}`);
      },
    ),
  };
}
