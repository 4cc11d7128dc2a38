/**
 * What the dispatcher hands to each channel. Senders return the provider's message id; they throw
 * on failure (the dispatcher retries with backoff, and dead-letters after the last attempt).
 */

/** A calendar entry attached to a mail as an `.ics` file: a request, or the cancelling of one. */
export interface CalendarInvite {
  /** Stable per appointment, so a reschedule updates and a cancel removes the same entry. */
  uid: string;
  /** Higher on every change of the same uid (calendar clients ignore older ones). */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  /** UTC ISO instants. */
  start: string;
  end: string;
  summary: string;
  location: string;
  /** A link to the appointment page; no medical details. */
  url: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  /** views/emails/<template>.html.ejs and .txt.ejs */
  template: string;
  data: Record<string, unknown>;
  calendar?: CalendarInvite;
}

export interface Mailer {
  send(message: EmailMessage): Promise<string | undefined>;
}

export interface SmsMessage {
  /** E.164, e.g. +919812345678 */
  to: string;
  text: string;
  /** What kind of text it is (e.g. appointment-booked): in India, the DLT template it is registered as. */
  template?: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<string | undefined>;
}

/**
 * A failure that no retry can fix (an invalid phone number, a rejected parameter): the dispatcher
 * dead-letters the item at once instead of backing off. Any other error thrown by a sender is
 * treated as temporary and retried.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}
