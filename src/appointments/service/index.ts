/** Booking rules: availability, booking, and changes to booked visits. */
export * from './availability';
export * from './booking';
export * from './changes';
export type { Appointment } from '../types';
