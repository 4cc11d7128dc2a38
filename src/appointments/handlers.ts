/** HTTP for appointments: parse, call the service, render or redirect. */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { archivedAppointmentFor, rateArchivedVisit } from '../archive';
import type { Deps } from '../deps';
import { listSpecialties } from '../directory';
import { NotFoundError, NotYoursError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import type { User } from '../users';
import { formValues, parseForm, type FieldErrors } from '../platform/validation';
import { renderAppointmentPage } from './appointment-page';
import type { Appointment } from './types';
import { describeAppointments } from './presenter';
import { countPlaces, listPastAppointmentsForPatient, listUpcomingAppointmentsForPatient } from './repository';
import { rateVisit } from './ratings';
import { appointmentIdSchema, bookAppointmentSchema, bookingChoicesSchema, cancelAppointmentSchema, joinWaitlistSchema, rateAppointmentSchema } from './schemas';
import { joinWaitlist, listWaitlistForPatient, waitRangeErrors } from './waitlist';
import * as booking from './service';

interface BookingPage {
  choices: { specialty?: string; doctorId?: string; date?: string };
  values?: Record<string, string>;
  errors?: FieldErrors;
  waitlist?: { values: Record<string, string>; errors: FieldErrors };
  /** Slots to offer instead of the day's free ones (the nearest free times after a clash). */
  alternatives?: booking.OfferedSlot[];
}

const BOOKING_MESSAGES = {
  'slot-gone': 'Sorry, that time was just taken. Here are the nearest free times with the same doctor.',
  'no-doctor-free': 'No doctor of this specialty is free at that time any more. Please choose another time.',
  'patient-busy': 'You already have an appointment at that time. Choose another time, or cancel the other visit first.',
};

export function appointmentIdParam(req: Request): string {
  const parsed = appointmentIdSchema.safeParse(req.params.appointmentId);
  if (!parsed.success) throw new NotFoundError('We could not find that appointment.');
  return parsed.data;
}

export function appointmentHandlers(deps: Deps) {
  const zone = deps.config.timeZone;
  const tomorrow = () => DateTime.now().setZone(zone).plus({ days: 1 }).toISODate()!;

  async function renderBookingPage(res: Response, patientId: string, page: BookingPage) {
    const options = await booking.bookingOptions(deps, patientId, { ...page.choices, date: page.choices.date ?? tomorrow() });
    res.render('appointments/new', {
      title: 'Book an appointment',
      specialties: await listSpecialties(deps.db),
      ...options,
      slots: page.alternatives ?? options.slots,
      showingAlternatives: Boolean(page.alternatives),
      values: page.values ?? {},
      errors: page.errors ?? {},
      waitlist: page.waitlist ?? { values: {}, errors: {} },
      idempotencyKey: randomUUID(),
    });
  }

  /** The visit, live or, once the daily archival moved it to S3, read from there; someone else's answers like a missing one. */
  async function visitFor(user: User, appointmentId: string): Promise<Appointment> {
    const live = await booking.appointmentFor(deps, user, appointmentId).catch((error: unknown) => {
      // Not in the live table: perhaps archived. Someone else's visit is not looked for there.
      if (error instanceof NotFoundError && !(error instanceof NotYoursError)) return undefined;
      throw error;
    });
    const visit = live ?? (await archivedAppointmentFor(deps, user, appointmentId));
    if (!visit) throw new NotFoundError('We could not find that appointment.');
    return visit;
  }

  return {
    newBookingForm: (req: Request, res: Response) => renderBookingPage(res, req.user!.id, { choices: bookingChoicesSchema.parse(req.query) }),

    async book(req: Request, res: Response) {
      const choices = bookingChoicesSchema.parse(req.body ?? {});
      const form = parseForm(bookAppointmentSchema, req.body, { multiline: ['reason'] });
      if (!form.ok) return renderBookingPage(res.status(422), req.user!.id, { choices, values: formValues(req.body), errors: form.errors });
      const { specialty, doctorId, start, reason, idempotencyKey } = form.data;
      const result = await booking.bookAppointment(deps, {
        patient: req.user!,
        doctorId: doctorId || undefined,
        specialty: doctorId ? undefined : specialty,
        start,
        reason,
        idempotencyKey,
      });
      if (result.kind === 'booked') {
        flash(req, 'success', 'Your appointment is booked.');
        return res.redirect(303, `/appointments/${result.appointment.id}`);
      }
      const values = formValues(req.body);
      if (result.kind === 'invalid') return renderBookingPage(res.status(422), req.user!.id, { choices, values, errors: result.errors });
      const alternatives = result.kind === 'slot-gone' ? result.alternatives : undefined;
      const message = result.kind === 'too-many' ? booking.tooManyMessage(result.max) : BOOKING_MESSAGES[result.kind];
      renderBookingPage(res.status(409), req.user!.id, { choices, values, alternatives, errors: { start: message } });
    },

    async joinWaitlist(req: Request, res: Response) {
      const choices = bookingChoicesSchema.parse({ ...req.body, date: req.body?.from });
      const form = parseForm(joinWaitlistSchema, req.body, { multiline: ['reason'] });
      const errors = form.ok ? waitRangeErrors(deps, form.data.from, form.data.to) : form.errors;
      if (!form.ok || errors) return renderBookingPage(res.status(422), req.user!.id, { choices, waitlist: { values: formValues(req.body), errors: errors! } });
      const { specialty, doctorId, from, to, reason } = form.data;
      if (doctorId) await booking.requireBookableDoctor(deps, doctorId);
      // A courtesy: the entry could never be booked. The booking transaction is what holds the cap.
      if (!(await booking.hasFreePlace(deps, req.user!.id))) {
        const full = { form: booking.tooManyMessage(deps.config.booking.maxActivePerPatient) };
        return renderBookingPage(res.status(409), req.user!.id, { choices, waitlist: { values: formValues(req.body), errors: full } });
      }
      await joinWaitlist(deps, req.user!, { specialty: doctorId ? undefined : specialty, doctorId: doctorId || undefined, from, to, reason });
      flash(req, 'success', 'You are on the waiting list. We will book the first free time for you and show it here.');
      res.redirect(303, '/appointments');
    },

    async listMine(req: Request, res: Response) {
      const now = new Date().toISOString();
      const [upcoming, past, waiting, places] = await Promise.all([
        listUpcomingAppointmentsForPatient(deps.db, req.user!.id, now),
        listPastAppointmentsForPatient(deps.db, req.user!.id, now),
        listWaitlistForPatient(deps.db, req.user!.id),
        countPlaces(deps.db, req.user!.id),
      ]);
      const described = await describeAppointments(deps, [...upcoming, ...past]);
      res.render('appointments/index', {
        title: 'Your appointments',
        upcoming: described.slice(0, upcoming.length),
        past: described.slice(upcoming.length),
        waiting,
        // Open entries are not booked while the patient holds every place they may.
        placesFull: places >= deps.config.booking.maxActivePerPatient ? deps.config.booking.maxActivePerPatient : undefined,
      });
    },

    async show(req: Request, res: Response) {
      await renderAppointmentPage(deps, res, await visitFor(req.user!, appointmentIdParam(req)), req.user!);
    },

    async cancel(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseForm(cancelAppointmentSchema, req.body, { multiline: ['reason'] });
      const staff = req.user!.role !== 'patient';
      const reason = form.ok ? form.data.reason : undefined;
      if (!form.ok || (staff && !reason)) {
        const appointment = await booking.appointmentFor(deps, req.user!, appointmentId);
        const errors = form.ok ? { reason: 'Give the patient a reason for cancelling' } : form.errors;
        return renderAppointmentPage(deps, res.status(422), appointment, req.user!, { errors });
      }
      await booking.cancel(deps, req.user!, appointmentId, reason);
      flash(req, 'success', 'The appointment is cancelled.');
      res.redirect(303, `/appointments/${appointmentId}`);
    },

    async rate(req: Request, res: Response) {
      const appointmentId = appointmentIdParam(req);
      const form = parseForm(rateAppointmentSchema, req.body, { multiline: ['comment'] });
      const visit = await visitFor(req.user!, appointmentId);
      if (!form.ok) return renderAppointmentPage(deps, res.status(422), visit, req.user!, { errors: form.errors, values: formValues(req.body) });
      await (visit.archived ? rateArchivedVisit(deps, req.user!, visit, form.data) : rateVisit(deps, req.user!, visit, form.data));
      flash(req, 'success', 'Thank you for rating your visit.');
      res.redirect(303, `/appointments/${appointmentId}`);
    },
  };
}
