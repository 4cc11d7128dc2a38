/**
 * Refused bookings as a form shows them. bookAppointment returns every outcome, refusals included
 * (the waitlist assigner and the concurrency tests count them); a form turns a refusal into the
 * error its page is re-rendered with (platform/http/forms.ts): ValidationError (422) for a time the
 * rules never offer, ConflictError (409) with a message on the time for one that was lost.
 */
import { ConflictError, ValidationError } from '../../platform/http/errors';
import type { Slot } from '../schedule/plan';
import type { Appointment } from '../types';
import { tooManyMessage } from './places';
import type { BookingResult } from './service';

export type Refusal = Exclude<BookingResult, { kind: 'booked' | 'invalid' | 'too-many' }>['kind'];

/** The chosen time was just taken: the page offers the nearest free times instead. */
export class SlotGoneError extends ConflictError {
  constructor(
    message: string,
    readonly alternatives: Slot[],
  ) {
    super(message, { start: message });
  }
}

export const BOOKING_REFUSALS: Record<Refusal, string> = {
  'slot-gone': 'Sorry, that time was just taken. Here are the nearest free times with the same doctor.',
  'no-doctor-free': 'No doctor of this specialty is free at that time any more. Please choose another time.',
  'patient-busy': 'You already have an appointment at that time. Choose another time, or cancel the other visit first.',
};

/** The booked visit, or the refusal thrown as the error the form shows; `words` phrases the refusals for the page. */
export function bookedOrRefused(result: BookingResult | { kind: 'moved'; appointment: Appointment }, words: Partial<Record<Refusal, string>> = {}): Appointment {
  const refused = (message: string) => new ConflictError(message, { start: message });
  switch (result.kind) {
    case 'booked':
    case 'moved':
      return result.appointment;
    case 'invalid':
      throw new ValidationError(result.errors);
    case 'too-many':
      throw refused(tooManyMessage(result.max));
    case 'slot-gone':
      throw new SlotGoneError(words[result.kind] ?? BOOKING_REFUSALS['slot-gone'], result.alternatives);
    default:
      throw refused(words[result.kind] ?? BOOKING_REFUSALS[result.kind]);
  }
}
