/**
 * Ratings as stored: the rating on the visit (or on the stand-in an archived visit left), and the
 * running totals of the doctor and the hospital, changed together in one transaction.
 */
import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { withConflict } from '../../platform/db/errors';
import { withRetry } from '../../platform/db/retry';
import { appointmentKey, archivedKey, doctorRatingKey, hospitalRatingKey } from '../keys';
import type { Appointment, Rating } from '../types';

export interface RatingSummary {
  average: number;
  count: number;
}

const addTotals = (db: Db, key: object, stars: number) => ({
  Update: {
    TableName: db.tables.appointments,
    Key: key,
    UpdateExpression: 'ADD starsTotal :stars, ratings :one',
    ExpressionAttributeValues: { ':stars': stars, ':one': 1 },
  },
});

/** Stores the rating of a completed visit once, with the totals; ConflictError when it was rated already. */
export async function saveRating(db: Db, appointment: Appointment, rating: Rating): Promise<void> {
  const rate = {
    Update: {
      TableName: db.tables.appointments,
      // An archived visit is rated on its stand-in, which carries any rating the visit had.
      Key: appointment.archived ? archivedKey(appointment.id) : appointmentKey(appointment.id),
      UpdateExpression: 'SET rating = :rating',
      ConditionExpression: 'attribute_not_exists(rating) AND #status = :completed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':rating': rating, ':completed': 'completed' },
    },
  };
  const items = [rate, addTotals(db, doctorRatingKey(appointment.doctorId), rating.stars), addTotals(db, hospitalRatingKey(appointment.hospitalId), rating.stars)];
  await withConflict('You have already rated this visit.', () => withRetry(() => db.doc.send(new TransactWriteCommand({ TransactItems: items }))));
}

async function summaries(db: Db, keys: { pk: string; sk: string }[]): Promise<Map<string, RatingSummary>> {
  const found = new Map<string, RatingSummary>();
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [db.tables.appointments]: { Keys: keys.slice(i, i + 100) } };
    while (request && Object.keys(request).length) {
      const result = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of result.Responses?.[db.tables.appointments] ?? []) {
        found.set(item.pk as string, { average: (item.starsTotal as number) / (item.ratings as number), count: item.ratings as number });
      }
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/** Average stars and count per id (doctors or hospitals); those never rated are absent. */
async function ratingsOf(db: Db, ids: string[], keyOf: (id: string) => { pk: string; sk: string }): Promise<Map<string, RatingSummary>> {
  const byKey = await summaries(db, ids.map(keyOf));
  return new Map(ids.filter((id) => byKey.has(keyOf(id).pk)).map((id) => [id, byKey.get(keyOf(id).pk)!]));
}

/** Average stars and count per doctor id; doctors never rated are absent. */
export const doctorRatings = (db: Db, doctorIds: string[]) => ratingsOf(db, doctorIds, doctorRatingKey);

/** Average stars and count per hospital id, from the ratings of its doctors' visits. */
export const hospitalRatings = (db: Db, hospitalIds: string[]) => ratingsOf(db, hospitalIds, hospitalRatingKey);
