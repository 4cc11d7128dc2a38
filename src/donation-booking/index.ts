/** Donation booking: the door other features (and app.ts, the job schedule) use. */
export { donationBookingRoutes } from './routes';
export { sendDueDonationReminders } from './reminders';
export { bloodBankReads, BLOOD_GROUPS, type BloodBankReads, type BloodGroup, type DonationHistory, type StockLevels, type StockLevel, type LastDonation } from './ports';
export type { DonationBooking } from './types';
