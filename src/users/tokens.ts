/** Single-use e-mailed tokens (verify e-mail, reset password, change e-mail): only a hash is stored, with a TTL. */
import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { ifConditionFails } from '../platform/db/errors';
import { tokenKey } from './keys';
import type { UnitOfWork } from '../platform/db/unit-of-work';

export type TokenPurpose = 'verify-email' | 'reset-password' | 'change-email';

/** What a token stands for: its owner, the session epoch it was issued in, and for 'change-email' the new address. */
export interface TokenClaim {
  userId: string;
  sessionEpoch?: number;
  newEmail?: string;
}

const WELL_FORMED = /^[A-Za-z0-9_-]{20,100}$/;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Stages a new token for the user, storing only its hash, and returns the secret to put in the
 * link. Commit it with the outbox item of the mail that carries the link, so neither exists
 * without the other.
 */
export function stageToken(work: UnitOfWork, purpose: TokenPurpose, userId: string, ttlSeconds: number, sessionEpoch?: number, newEmail?: string): string {
  const token = randomBytes(32).toString('base64url');
  const item = { ...tokenKey(hashToken(token)), purpose, userId, sessionEpoch, newEmail, expiresAt: nowSeconds() + ttlSeconds };
  work.stage({ Put: { TableName: work.db.tables.users, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
  return token;
}

/**
 * Deletes the token if it exists, has this purpose and has not expired, and returns its owner.
 * The conditional delete makes it work once, however many requests race for it.
 */
export async function consumeToken(db: Db, purpose: TokenPurpose, token: string): Promise<TokenClaim | undefined> {
  if (!WELL_FORMED.test(token)) return undefined;
  return ifConditionFails(async () => {
    const result = await db.doc.send(
      new DeleteCommand({
        TableName: db.tables.users,
        Key: tokenKey(hashToken(token)),
        ConditionExpression: 'attribute_exists(pk) AND purpose = :purpose AND expiresAt > :now',
        ExpressionAttributeValues: { ':purpose': purpose, ':now': nowSeconds() },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return claimOf(result.Attributes!);
  }, undefined);
}

const claimOf = (item: Record<string, unknown>): TokenClaim => ({
  userId: item.userId as string,
  sessionEpoch: item.sessionEpoch as number | undefined,
  newEmail: item.newEmail as string | undefined,
});

/** The live token's claim without using it up: for a use that commits with other writes (stageTokenUse). */
export async function readToken(db: Db, purpose: TokenPurpose, token: string): Promise<TokenClaim | undefined> {
  if (!WELL_FORMED.test(token)) return undefined;
  const { Item: item } = await db.doc.send(new GetCommand({ TableName: db.tables.users, Key: tokenKey(hashToken(token)), ConsistentRead: true }));
  return item && item.purpose === purpose && (item.expiresAt as number) > nowSeconds() ? claimOf(item) : undefined;
}

/** Stages the use of a token read by readToken: a racing use (or its expiry) makes the commit throw `gone()`. */
export function stageTokenUse(work: UnitOfWork, purpose: TokenPurpose, token: string, gone: () => Error): void {
  const condition = 'attribute_exists(pk) AND purpose = :purpose AND expiresAt > :now';
  const values = { ':purpose': purpose, ':now': nowSeconds() };
  work.stage({ Delete: { TableName: work.db.tables.users, Key: tokenKey(hashToken(token)), ConditionExpression: condition, ExpressionAttributeValues: values } }, gone);
}
