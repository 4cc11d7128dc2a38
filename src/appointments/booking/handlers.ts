/** HTTP for booking: the booking page and the booking form. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { flash } from '../../platform/session/flash';
import { formValues, parseForm } from '../../platform/validation';
import { renderBookingPage } from './page';
import { tooManyMessage } from './places';
import { bookingChoicesSchema, bookAppointmentSchema } from './schemas';
import { bookAppointment, type BookingResult } from './service';

const BOOKING_MESSAGES = {
  'slot-gone': 'Sorry, that time was just taken. Here are the nearest free times with the same doctor.',
  'no-doctor-free': 'No doctor of this specialty is free at that time any more. Please choose another time.',
  'patient-busy': 'You already have an appointment at that time. Choose another time, or cancel the other visit first.',
};

/** What the page says when a booking did not go through (other than invalid input). */
function refusal(result: Exclude<BookingResult, { kind: 'booked' | 'invalid' }>) {
  const message = result.kind === 'too-many' ? tooManyMessage(result.max) : BOOKING_MESSAGES[result.kind];
  return { errors: { start: message }, alternatives: result.kind === 'slot-gone' ? result.alternatives : undefined };
}

export function bookingHandlers(deps: Deps) {
  return {
    newBookingForm: (req: Request, res: Response) => renderBookingPage(deps, res, req.user!.id, { choices: bookingChoicesSchema.parse(req.query) }),

    async book(req: Request, res: Response) {
      const choices = bookingChoicesSchema.parse(req.body ?? {});
      const values = formValues(req.body);
      const form = parseForm(bookAppointmentSchema, req.body, { multiline: ['reason'] });
      if (!form.ok) return renderBookingPage(deps, res.status(422), req.user!.id, { choices, values, errors: form.errors });
      const { specialty, doctorId, start, reason, idempotencyKey } = form.data;
      const named = doctorId || undefined;
      const result = await bookAppointment(deps, { patient: req.user!, doctorId: named, specialty: named ? undefined : specialty, start, reason, idempotencyKey });
      if (result.kind === 'booked') {
        flash(req, 'success', 'Your appointment is booked.');
        return res.redirect(303, `/appointments/${result.appointment.id}`);
      }
      if (result.kind === 'invalid') return renderBookingPage(deps, res.status(422), req.user!.id, { choices, values, errors: result.errors });
      renderBookingPage(deps, res.status(409), req.user!.id, { choices, values, ...refusal(result) });
    },
  };
}
