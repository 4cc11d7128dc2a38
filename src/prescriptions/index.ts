/** Prescriptions: the door other features use. */
export { prescriptionRoutes } from './routes';
export type { Prescription, PrescriptionStatus } from './types';
