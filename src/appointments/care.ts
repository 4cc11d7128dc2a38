/** Whether a doctor has a care relationship with a patient (see repository/care.ts). */
import type { Deps } from '../deps';
import { hasCareRelationship } from './repository';

export function caresFor(ctx: Pick<Deps, 'db' | 'config'>, doctorId: string, patientId: string, now = new Date()): Promise<boolean> {
  return hasCareRelationship(ctx.db, doctorId, patientId, ctx.config.records.careRelationshipMonths, now);
}
