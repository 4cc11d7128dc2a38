/**
 * Ratings: a patient rates a completed visit once (1-5 stars). The rating and the running totals
 * of the doctor and the hospital change in one transaction, so averages never drift.
 */
import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps';
import type { Db } from '../platform/db/client';
import { isConditionFailure } from '../platform/db/errors';
import { withRetry } from '../platform/db/retry';
import { ConflictError, NotFoundError } from '../platform/http/errors';
import type { User } from '../users';
import { appointmentKey, doctorRatingKey, hospitalRatingKey } from './keys';
import type { Appointment, Rating } from './types';

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

/**
 * Rates a visit as the caller just read it. It is stored under `key`: the appointment itself, or
 * the stand-in an archived one left (src/archive).
 */
export async function rateVisit(
  ctx: Pick<Deps, 'db'>,
  patient: User,
  appointment: Appointment,
  rating: Omit<Rating, 'at'>,
  key: { pk: string; sk: string } = appointmentKey(appointment.id),
): Promise<Appointment> {
  if (appointment.patientId !== patient.id) throw new NotFoundError('We could not find that appointment.');
  if (appointment.status !== 'completed') throw new ConflictError('You can rate a visit once it is completed.');
  const given: Rating = { ...rating, at: new Date().toISOString() };
  try {
    await withRetry(() =>
      ctx.db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: ctx.db.tables.appointments,
                Key: key,
                UpdateExpression: 'SET rating = :rating',
                ConditionExpression: 'attribute_not_exists(rating) AND #status = :completed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':rating': given, ':completed': 'completed' },
              },
            },
            addTotals(ctx.db, doctorRatingKey(appointment.doctorId), rating.stars),
            addTotals(ctx.db, hospitalRatingKey(appointment.hospitalId), rating.stars),
          ],
        }),
      ),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError('You have already rated this visit.');
    throw error;
  }
  return { ...appointment, rating: given };
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

/** Average stars and count per doctor id; doctors never rated are absent. */
export async function doctorRatings(db: Db, doctorIds: string[]): Promise<Map<string, RatingSummary>> {
  const byKey = await summaries(db, doctorIds.map(doctorRatingKey));
  return new Map(doctorIds.filter((id) => byKey.has(doctorRatingKey(id).pk)).map((id) => [id, byKey.get(doctorRatingKey(id).pk)!]));
}

/** Average stars and count per hospital id, from the ratings of its doctors' visits. */
export async function hospitalRatings(db: Db, hospitalIds: string[]): Promise<Map<string, RatingSummary>> {
  const byKey = await summaries(db, hospitalIds.map(hospitalRatingKey));
  return new Map(hospitalIds.filter((id) => byKey.has(hospitalRatingKey(id).pk)).map((id) => [id, byKey.get(hospitalRatingKey(id).pk)!]));
}
