/** The booking page: choices, free times, and the waitlist form for when none suits. */
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Deps } from '../../deps';
import { listOfferedSpecialties } from '../../directory';
import { hasBookableDoctor } from '../../users';
import type { FieldErrors } from '../../platform/validation';
import type { OfferedSlot } from './availability';
import { bookingOptions } from './options';

export interface BookingPage {
  choices: { specialty?: string; doctorId?: string; date?: string };
  values?: Record<string, string>;
  errors?: FieldErrors;
  waitlist?: { values: Record<string, string>; errors: FieldErrors };
  /** Slots to offer instead of the day's free ones (the nearest free times after a clash). */
  alternatives?: OfferedSlot[];
}

export async function renderBookingPage(deps: Deps, res: Response, patientId: string, page: BookingPage) {
  const [options, specialties] = await Promise.all([bookingOptions(deps, patientId, page.choices), specialtiesWithDoctors(deps)]);
  res.render('appointments/booking/new', {
    title: 'Book an appointment',
    specialties,
    comingSoon: options.note?.kind === 'no-doctors',
    ...options,
    slots: page.alternatives ?? options.slots,
    showingAlternatives: Boolean(page.alternatives),
    values: page.values ?? {},
    errors: page.errors ?? {},
    waitlist: page.waitlist ?? { values: {}, errors: {} },
    idempotencyKey: randomUUID(),
  });
}

/** Every specialty, and whether it has a doctor to book (one indexed read each; the list is short). */
async function specialtiesWithDoctors(deps: Deps) {
  const specialties = await listOfferedSpecialties(deps.db);
  const open = await Promise.all(specialties.map((s) => hasBookableDoctor(deps.db, s.slug)));
  return specialties.map((s, i) => ({ ...s, open: open[i] }));
}
