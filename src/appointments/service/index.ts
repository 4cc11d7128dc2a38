/** Booking rules: availability, booking, and changes to booked visits. */
export * from './availability';
export * from './booking';
export * from './changes';
export * from './places';
export { forgetDay, forgetSchedule } from './day-board';
export type { Appointment } from '../types';
