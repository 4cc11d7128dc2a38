/**
 * A care relationship between a doctor and a patient: a visit booked with that doctor and not yet
 * over, or one completed with them within the configured months. It is what lets a doctor see a
 * patient's files and timeline. Two Queries on the patient's own visits (byPatientVisits), each
 * stopping at the first match: the cost follows one patient's history, never the hospital's.
 */
import { DateTime } from 'luxon';
import type { Db } from '../../platform/db/client';
import { queryAll } from '../../platform/db/query';
import { patientVisitsIndexKey } from '../keys';

interface Probe {
  key: string;
  /** Only visits that started after this sort key. */
  after: string;
  filter: string;
  names: Record<string, string>;
  values: Record<string, string>;
}

async function anyVisit(db: Db, probe: Probe): Promise<boolean> {
  const found = await queryAll(
    db,
    {
      TableName: db.tables.appointments,
      IndexName: 'byPatientVisits',
      KeyConditionExpression: 'gsi6pk = :key AND gsi6sk > :after',
      FilterExpression: probe.filter,
      ExpressionAttributeNames: probe.names,
      ExpressionAttributeValues: { ':key': probe.key, ':after': probe.after, ...probe.values },
      ProjectionExpression: 'id',
    },
    1,
  );
  return found.length > 0;
}

export async function hasCareRelationship(db: Db, doctorId: string, patientId: string, careMonths: number, now = new Date()): Promise<boolean> {
  const since = DateTime.fromJSDate(now).minus({ months: careMonths }).toUTC().toISO()!;
  const booked: Probe = {
    key: patientVisitsIndexKey(patientId, true),
    after: since,
    filter: 'doctorId = :doctor AND #end > :now',
    names: { '#end': 'end' },
    values: { ':doctor': doctorId, ':now': now.toISOString() },
  };
  const completed: Probe = {
    key: patientVisitsIndexKey(patientId, false),
    after: since,
    filter: 'doctorId = :doctor AND #status = :completed',
    names: { '#status': 'status' },
    values: { ':doctor': doctorId, ':completed': 'completed' },
  };
  const found = await Promise.all([anyVisit(db, booked), anyVisit(db, completed)]);
  return found.some(Boolean);
}
