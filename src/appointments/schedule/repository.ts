/** A doctor's weekly plan and leave: one partition per doctor, read with a single Query. */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { withConflict } from '../../platform/db/errors';
import { queryAll } from '../../platform/db/query';
import { LEAVE_PREFIX, leaveKey, PLAN_SORT_KEY, planKey, schedulePartition } from '../keys';
import type { Leave, WeeklyPlan } from './plan';

export interface Schedule {
  doctorId: string;
  /** Undefined until the doctor (or an admin) sets working hours: not bookable before that. */
  plan?: WeeklyPlan;
  planVersion: number;
  leave: Leave[];
}

export async function getSchedule(db: Db, doctorId: string): Promise<Schedule> {
  const items = await queryAll(db, {
    TableName: db.tables.appointments,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': schedulePartition(doctorId) },
  });
  const planItem = items.find((item) => item.sk === PLAN_SORT_KEY);
  return {
    doctorId,
    plan: planItem?.plan as WeeklyPlan | undefined,
    planVersion: (planItem?.version as number | undefined) ?? 0,
    leave: items
      .filter((item) => String(item.sk).startsWith(LEAVE_PREFIX))
      .map(({ id, startsAt, endsAt, reason }) => ({ id, startsAt, endsAt, reason }) as Leave),
  };
}

/** Said on the working-hours form when someone saved since it was read: it shows what is saved now, with what was typed. */
const STALE_PLAN =
  'Someone else changed these working hours while you were editing. The summary shows what is saved now; ' +
  'your changes below are not saved yet. Check them and save again.';

/** Saves the plan if nobody changed it since `expectedVersion` was read (0: no plan yet). */
export async function savePlan(db: Db, doctorId: string, plan: WeeklyPlan, expectedVersion: number): Promise<void> {
  await withConflict(STALE_PLAN, () =>
    db.doc.send(
      new PutCommand({
        TableName: db.tables.appointments,
        Item: { ...planKey(doctorId), plan, version: expectedVersion + 1 },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
        ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
      }),
    ),
    'form',
  );
}

export async function addLeave(db: Db, doctorId: string, leave: Leave): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tables.appointments,
      Item: { ...leaveKey(doctorId, leave), ...leave },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function removeLeave(db: Db, doctorId: string, leave: Leave): Promise<void> {
  await db.doc.send(
    new DeleteCommand({ TableName: db.tables.appointments, Key: leaveKey(doctorId, leave) }),
  );
}
