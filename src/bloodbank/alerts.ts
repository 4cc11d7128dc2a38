/**
 * Alerts for the blood-bank officers: a group's red-cell units below its threshold, or lots that
 * expire within N days. Each condition has an alert-state item, put only if absent (in the same
 * transaction as its outbox message to the staff topic), so it alerts once, not every run; it is
 * deleted when the condition clears, which re-arms it. The open ones show on the dashboard.
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newNotification, notify } from '../notifications';
import type { NotifyContext } from '../notifications';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { ALERT_PK, alertKey } from './keys';

export interface Alert {
  subject: string;
  /** What holds, in a sentence; no patient. */
  text: string;
  /** The page to look at. */
  path: string;
}

export interface OpenAlert extends Alert {
  condition: string;
  raisedAt: string;
}

/** The open alerts (the partition holds only those): one Query. */
export async function listOpenAlerts(db: Db): Promise<OpenAlert[]> {
  const { Items = [] } = await db.doc.send(new QueryCommand({ TableName: db.tables.bloodbank, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': ALERT_PK }, ConsistentRead: true }));
  // Low stock first: it is about every patient of that group; then lots by when they were raised.
  const rank = (condition: string) => (condition.startsWith('low#') ? 0 : 1);
  return Items.sort((a, b) => rank(String(a.sk)) - rank(String(b.sk)) || String(a.raisedAt).localeCompare(String(b.raisedAt))).map((item) => ({ condition: String(item.sk), subject: String(item.subject), text: String(item.text), path: String(item.path), raisedAt: String(item.raisedAt) }));
}

/** Opens the condition and tells the staff topic, once; false when it was open already. */
export async function raiseOnce(ctx: NotifyContext & { publicUrl: string }, condition: string, alert: Alert, now = new Date()): Promise<boolean> {
  const work = new UnitOfWork(ctx.db);
  work.stage({ Put: { TableName: ctx.db.tables.bloodbank, Item: { ...alertKey(condition), ...alert, raisedAt: now.toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' } });
  const message = `${alert.text}\n\n${ctx.publicUrl}${alert.path}`;
  const notice = newNotification({ event: 'bloodbank.alert', userId: 'staff-topic', topic: { subject: alert.subject, message } }, now);
  return ifConditionFails(() => notify(ctx, [notice], work).then(() => true), false);
}

/** Closes the condition (it no longer holds), so it alerts again the next time it does. */
export async function clearAlert(db: Db, condition: string): Promise<boolean> {
  return ifConditionFails(
    () => db.doc.send(new DeleteCommand({ TableName: db.tables.bloodbank, Key: alertKey(condition), ConditionExpression: 'attribute_exists(pk)' })).then(() => true),
    false,
  );
}
