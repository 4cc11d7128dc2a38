/**
 * The visits source of the health timeline (platform/timeline.ts): a patient's visits from
 * byPatientVisits, newest first, each expanded into its entries. Archived visits are stand-ins
 * without their record; it is read back from S3 (through the reader app composition hands in:
 * appointments never imports archive) only when a diagnosis or vitals entry of that visit is needed
 * to fill this page, visit by visit in order, so at most one page's worth of visits is read back.
 */
import type { Deps } from '../../deps';
import { entryKey, lowerBound, upperBound, type TimelineEntry, type TimelineSource, type TimelineWindow } from '../../platform/timeline';
import { describeAppointments, type DescribedAppointment } from '../presenter';
import { listPatientVisitsBetween } from '../repository';
import type { Appointment } from '../types';
import { needsRecord, visitEntries } from './entries';

/** The archived record of one of the patient's visits, or undefined if it cannot be read. */
export type ArchivedRecordReader = (patientId: string, appointmentId: string) => Promise<Appointment | undefined>;

const sortKeyOf = (visit: Appointment) => `${visit.start}#${visit.id}`;

async function withRecord(visit: DescribedAppointment, readArchived: ArchivedRecordReader): Promise<DescribedAppointment> {
  const record = await readArchived(visit.patientId, visit.id);
  return record ? { ...visit, consultation: record.consultation } : visit;
}

async function read(deps: Pick<Deps, 'db'>, readArchived: ArchivedRecordReader, patientId: string, window: TimelineWindow): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  const bound = upperBound(window);
  let below = bound;
  // A visit may give no entry of the kinds asked for (vitals only): read on until the page is full or the history ends.
  for (;;) {
    const visits = await listPatientVisitsBetween(deps.db, patientId, { from: lowerBound(window), below, limit: window.limit });
    for (const described of await describeAppointments(deps, visits)) {
      const visit = described.archived && needsRecord(described, window.kinds) ? await withRecord(described, readArchived) : described;
      entries.push(...visitEntries(visit, window.kinds, window.viewer).filter((entry) => entryKey(entry) < bound));
      if (entries.length >= window.limit) return entries.slice(0, window.limit);
    }
    if (visits.length < window.limit) return entries;
    below = sortKeyOf(visits[visits.length - 1]);
  }
}

/** The source, given how to read an archived visit's record. */
export function visitTimeline(deps: Pick<Deps, 'db'>, readArchived: ArchivedRecordReader): TimelineSource {
  return { kinds: ['visit', 'diagnosis', 'vitals'], read: (patientId, window) => read(deps, readArchived, patientId, window) };
}
