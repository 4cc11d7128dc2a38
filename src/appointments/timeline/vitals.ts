/**
 * Vitals over time, for the timeline's chart: the vitals of a patient's completed visits since a
 * date, at most `limit` visits (newest), from one Query on byPatientVisits. Archived visits are
 * read back (parts are cached by the reader), so the bound on visits is the bound on S3 reads.
 */
import type { Deps } from '../../deps';
import { listPatientVisitsBetween } from '../repository';
import type { Vitals } from '../types';
import type { ArchivedRecordReader } from './source';

export interface VitalsReading {
  /** The visit's start, UTC ISO. */
  at: string;
  vitals: Vitals;
}

/** Oldest first, only visits that recorded at least one measurement. */
export async function vitalsSince(deps: Pick<Deps, 'db'>, readArchived: ArchivedRecordReader, patientId: string, since: string, limit: number): Promise<VitalsReading[]> {
  const visits = await listPatientVisitsBetween(deps.db, patientId, { from: since, below: '~', limit, completedOnly: true });
  const records = await Promise.all(visits.map((visit) => (visit.archived ? readArchived(patientId, visit.id) : Promise.resolve(visit))));
  return records
    .flatMap((visit) => (visit?.consultation?.vitals && Object.keys(visit.consultation.vitals).length ? [{ at: visit.start, vitals: visit.consultation.vitals }] : []))
    .sort((a, b) => a.at.localeCompare(b.at));
}
