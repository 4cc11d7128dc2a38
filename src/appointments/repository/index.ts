/**
 * The appointment item and everything stored with it (block locks, idempotency records, places,
 * the reminder index, archive stand-ins): the only code that writes them.
 */
export * from './archive';
export * from './booking';
export * from './changes';
export * from './items';
export { blocksOf } from './locks';
export * from './places';
export * from './history';
export { hasCareRelationship } from './care';
export * from './queries';
export * from './reminders';
export { backfillIndexKeys } from './backfill';
export * from './import';
export { listPatientVisitsBetween, type VisitRange } from './timeline';
