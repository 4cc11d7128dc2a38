/** A donation booking: one donor on one of the blood bank's chairs for one slot. */
export interface DonationBooking {
  id: string;
  patientId: string;
  /** 1 .. MEDTRACK_DONATION_CHAIRS; its calendar owner id is `chairOwnerId(chair)` (calendar.ts). */
  chair: number;
  /** UTC ISO instants. */
  start: string;
  end: string;
  /** The date in the hospital's zone. */
  localDate: string;
  status: 'booked' | 'cancelled';
  /** While booked: when the next reminder is due; absent once none is left. */
  nextReminderAt?: string;
  cancelledAt?: string;
  version: number;
  createdAt: string;
}
