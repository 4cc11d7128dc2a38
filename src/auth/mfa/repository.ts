/**
 * DynamoDB access for second factors: one item per enrolled user (the sealed authenticator secret
 * and the last time step used) and one per recovery code (its HMAC, and when it was used).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { isConditionFailure } from '../../platform/db/errors';
import type { UnitOfWork } from '../../platform/db/unit-of-work';

export interface StoredFactor {
  sealedSecret: string;
  /** The TOTP time step of the last code accepted: a code of that step or earlier is refused (no replay). */
  lastStep: number;
  enabledAt: string;
}

export interface StoredRecoveryCode {
  hash: string;
  usedAt?: string;
}

const factorKey = (userId: string) => ({ pk: `MFA#${userId}`, sk: 'TOTP' });
const recoveryKey = (userId: string, hash: string) => ({ pk: `MFA#${userId}`, sk: `RECOVERY#${hash}` });

export async function getFactor(db: Db, userId: string): Promise<StoredFactor | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.security, Key: factorKey(userId), ConsistentRead: true }));
  return result.Item ? { sealedSecret: result.Item.sealedSecret, lastStep: result.Item.lastStep, enabledAt: result.Item.enabledAt } : undefined;
}

export async function listRecoveryCodes(db: Db, userId: string): Promise<StoredRecoveryCode[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.security,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': factorKey(userId).pk, ':prefix': 'RECOVERY#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => ({ hash: String(item.sk).slice('RECOVERY#'.length), usedAt: item.usedAt }));
}

/** Stages the factor with its recovery codes (hashes); the caller stages the user's flag with it. */
export function stageFactor(work: UnitOfWork, userId: string, factor: StoredFactor, recoveryHashes: string[]): void {
  work.stage({ Put: { TableName: work.db.tables.security, Item: { ...factorKey(userId), ...factor } } });
  stageRecoveryCodes(work, userId, recoveryHashes);
}

export function stageRecoveryCodes(work: UnitOfWork, userId: string, hashes: string[]): void {
  for (const hash of hashes) work.stage({ Put: { TableName: work.db.tables.security, Item: recoveryKey(userId, hash) } });
}

/** Stages the removal of the factor and of these recovery codes. */
export function stageRemoval(work: UnitOfWork, userId: string, codes: StoredRecoveryCode[], withFactor = true): void {
  if (withFactor) work.stage({ Delete: { TableName: work.db.tables.security, Key: factorKey(userId) } });
  for (const code of codes) work.stage({ Delete: { TableName: work.db.tables.security, Key: recoveryKey(userId, code.hash) } });
}

/**
 * Moves the last used time step forward to `step`, only if it is behind: of two requests with the
 * same code, one wins. `resealed` replaces a secret sealed under an older key. False: replayed.
 */
export async function claimTimeStep(db: Db, userId: string, step: number, resealed?: string): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tables.security,
        Key: factorKey(userId),
        UpdateExpression: resealed ? 'SET lastStep = :step, sealedSecret = :sealed' : 'SET lastStep = :step',
        ConditionExpression: 'attribute_exists(pk) AND lastStep < :step',
        ExpressionAttributeValues: { ':step': step, ...(resealed ? { ':sealed': resealed } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Marks a recovery code used if it exists and is unused (one of `hashes`); false when none was. */
export async function useRecoveryCode(db: Db, userId: string, hashes: string[], now = new Date()): Promise<boolean> {
  for (const hash of hashes) {
    try {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.tables.security,
          Key: recoveryKey(userId, hash),
          UpdateExpression: 'SET usedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return false;
}
