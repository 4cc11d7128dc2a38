/** Prescriptions: the door other features use. */
export { prescriptionRoutes } from './routes';
export type { Prescription, PrescriptionStatus } from './types';
/** For the health timeline (src/timeline): the patient's issued prescriptions. */
export { prescriptionTimeline } from './timeline';
/** Once after upgrading: index keys for prescriptions issued before the byPatient index existed. */
export { backfillPrescriptionIndex } from './backfill';
