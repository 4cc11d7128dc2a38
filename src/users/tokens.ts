/** Single-use e-mailed tokens (verify e-mail, reset password): only a hash is stored, with a TTL. */
import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';
import { tokenKey } from './keys';
import type { UnitOfWork } from '../platform/db/unit-of-work';

export type TokenPurpose = 'verify-email' | 'reset-password';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Stages a new token for the user, storing only its hash, and returns the secret to put in the
 * link. Commit it with the outbox item of the mail that carries the link, so neither exists
 * without the other.
 */
export function stageToken(work: UnitOfWork, purpose: TokenPurpose, userId: string, ttlSeconds: number, sessionEpoch?: number): string {
  const token = randomBytes(32).toString('base64url');
  const item = { ...tokenKey(hashToken(token)), purpose, userId, sessionEpoch, expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds };
  work.stage({ Put: { TableName: work.db.tables.users, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
  return token;
}

/**
 * Deletes the token if it exists, has this purpose and has not expired, and returns its owner.
 * The conditional delete makes it work once, however many requests race for it.
 */
export async function consumeToken(db: Db, purpose: TokenPurpose, token: string): Promise<{ userId: string; sessionEpoch?: number } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return ifConditionFails(async () => {
    const result = await db.doc.send(
      new DeleteCommand({
        TableName: db.tables.users,
        Key: tokenKey(hashToken(token)),
        ConditionExpression: 'attribute_exists(pk) AND purpose = :purpose AND expiresAt > :now',
        ExpressionAttributeValues: { ':purpose': purpose, ':now': Math.floor(Date.now() / 1000) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const item = result.Attributes!;
    return { userId: item.userId as string, sessionEpoch: item.sessionEpoch as number | undefined };
  }, undefined);
}
