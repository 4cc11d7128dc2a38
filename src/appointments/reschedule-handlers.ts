/** HTTP for moving an appointment to another free time of the same doctor. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Deps } from '../deps';
import { ConflictError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { parseForm, type FieldErrors } from '../platform/validation';
import { appointmentIdParam } from './handlers';
import { describeAppointments } from './presenter';
import * as booking from './service';
import type { Appointment } from './types';

const dateQuery = z.object({ date: z.iso.date().optional().catch(undefined) });
const moveSchema = z.object({ start: z.iso.datetime({ offset: true, error: 'Choose a new time from the list.' }) });

export function rescheduleHandlers(deps: Deps) {
  const zone = deps.config.timeZone;

  async function render(res: Response, appointment: Appointment, date: string, page: { errors?: FieldErrors; alternatives?: booking.OfferedSlot[] } = {}) {
    if (appointment.status !== 'booked') throw new ConflictError(`This appointment is ${appointment.status} and can no longer be moved.`);
    const [described] = await describeAppointments(deps, [appointment]);
    const today = DateTime.now().setZone(zone);
    res.render('appointments/reschedule', {
      title: 'Move your appointment',
      appointment: described,
      date,
      slots: page.alternatives ?? (await booking.freeSlotsForDoctor(deps, appointment.doctorId, date)),
      showingAlternatives: Boolean(page.alternatives),
      minDate: today.toISODate(),
      maxDate: today.plus({ days: deps.config.booking.horizonDays }).toISODate(),
      errors: page.errors ?? {},
    });
  }

  return {
    async form(req: Request, res: Response) {
      const appointment = await booking.appointmentFor(deps, req.user!, appointmentIdParam(req));
      await render(res, appointment, dateQuery.parse(req.query).date ?? appointment.localDate);
    },

    async move(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseForm(moveSchema, req.body);
      const result = form.ok
        ? await booking.reschedule(deps, req.user!, appointmentId, form.data.start)
        : ({ kind: 'invalid', errors: { start: 'Choose a new time from the list.' } } as const);
      if (result.kind === 'moved') {
        flash(req, 'success', 'Your appointment has been moved.');
        return res.redirect(303, `/appointments/${appointmentId}`);
      }
      const appointment = await booking.appointmentFor(deps, req.user!, appointmentId);
      const message = {
        invalid: result.kind === 'invalid' ? Object.values(result.errors)[0] : '',
        'slot-gone': 'Sorry, that time was just taken. Here are the nearest free times.',
        'patient-busy': 'You already have another appointment at that time.',
      }[result.kind];
      await render(res.status(result.kind === 'invalid' ? 422 : 409), appointment, appointment.localDate, {
        errors: { start: message },
        alternatives: result.kind === 'slot-gone' ? result.alternatives : undefined,
      });
    },
  };
}
