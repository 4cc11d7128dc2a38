/** Prescriptions: the door other features use. */
export { prescriptionRoutes } from './routes';
export type { Prescription, PrescriptionStatus } from './types';
/** For the health timeline (src/timeline): the patient's issued prescriptions. */
export { prescriptionTimeline } from './timeline';
