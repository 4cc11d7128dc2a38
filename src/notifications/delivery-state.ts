/**
 * The writes that record an outbox item's delivery state, each only while the writing process
 * still holds the item's lease (see dispatcher.ts): a channel's state, and the item's closing.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';
import { DEAD, dueSortKey, outboxKey, type Channel } from './outbox';

/** Records a channel's state (and the provider's message id), only while this process still holds the lease. */
export function markChannel(db: Db, id: string, owner: string, channel: Channel, state: 'sending' | 'sent' | 'unconfirmed', messageId?: string): Promise<boolean> {
  return updateWhileHeld(db, id, owner, {
    expression: `SET channels.#channel = :state${messageId ? ', messageIds.#channel = :messageId' : ''}`,
    names: { '#channel': channel },
    values: { ':state': state, ...(messageId ? { ':messageId': messageId } : {}) },
  });
}

export type Closing = { status: 'sent'; at: Date } | { status: 'retry' | 'dead'; at: Date; attempts: number; lastError: string; pendingAgain: Channel[] };

/**
 * Ends this process's hold: delivered (out of the due index), due again later, or dead-lettered.
 * False when the lease was lost meanwhile (another process owns the item now).
 */
export function close(db: Db, id: string, owner: string, closing: Closing): Promise<boolean> {
  return updateWhileHeld(db, id, owner, closingUpdate(id, closing));
}

function closingUpdate(id: string, closing: Closing): Update {
  const at = closing.at.toISOString();
  if (closing.status === 'sent') {
    return {
      expression: 'SET #status = :status, sentAt = :at, gsi2pk = :state, gsi2sk = :stateKey REMOVE gsi1pk, gsi1sk, leaseOwner',
      names: { '#status': 'status' },
      values: { ':status': 'sent', ':at': at, ':state': `SENT#${at.slice(0, 10)}`, ':stateKey': `${at}#${id}` },
    };
  }
  const failure = { ':attempts': closing.attempts, ':error': closing.lastError, ':at': at };
  const again = closing.pendingAgain.map((channel, i) => [`#again${i}`, channel] as const);
  const resets = again.map(([name]) => `, channels.${name} = :pending`).join('');
  const resetValues = again.length ? { ':pending': 'pending' } : {};
  if (closing.status === 'dead') {
    return {
      expression: `SET #status = :status, attempts = :attempts, lastError = :error, deadAt = :at, gsi2pk = :state, gsi2sk = :stateKey${resets} REMOVE gsi1pk, gsi1sk, leaseOwner`,
      names: { '#status': 'status', ...Object.fromEntries(again) },
      values: { ...failure, ...resetValues, ':status': 'dead', ':state': DEAD, ':stateKey': `${at}#${id}` },
    };
  }
  return {
    expression: `SET attempts = :attempts, lastError = :error, nextAttemptAt = :at, gsi1sk = :due${resets} REMOVE leaseOwner`,
    names: again.length ? Object.fromEntries(again) : undefined,
    values: { ...failure, ...resetValues, ':due': dueSortKey(at, id) },
  };
}

interface Update {
  expression: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/** Applies an update only while `owner` holds the item's lease; false once it has lost it. */
async function updateWhileHeld(db: Db, id: string, owner: string, update: Update): Promise<boolean> {
  return ifConditionFails(async () => {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.notifications,
        Key: outboxKey(id),
        UpdateExpression: update.expression,
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: { ...update.values, ':owner': owner },
      }),
    );
    return true;
  }, false);
}
