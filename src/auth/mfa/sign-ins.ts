/**
 * Each account's sign-in history: every attempt on a known account, newest first, kept 180 days
 * (the table's TTL). Nothing typed is stored, only what happened, when and from where.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Request } from 'express';
import { ulid } from 'ulid';
import type { Db } from '../../platform/db/client';
import type { Logger } from '../../platform/logger';

export const SIGN_IN_OUTCOMES = ['success', 'wrong-password', 'locked', 'deactivated', 'code-asked', 'mfa-failed', 'mfa-passed'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/** What each outcome means to the person reading the history. */
export const SIGN_IN_WORDS: Record<SignInOutcome, string> = {
  success: 'Signed in',
  'wrong-password': 'Wrong password',
  locked: 'Refused: too many attempts',
  deactivated: 'Refused: account deactivated',
  'code-asked': 'Password right, code asked',
  'mfa-failed': 'Wrong authenticator or recovery code',
  'mfa-passed': 'Signed in with a code',
};

export interface SignIn {
  at: string;
  outcome: SignInOutcome;
  ip: string;
  /** The browser and system, in a few words (the full user-agent string is not kept). */
  device: string;
}

export interface SignInPage {
  items: SignIn[];
  cursor?: string;
}

const KEEP_SECONDS = 180 * 24 * 60 * 60;
const PAGE_SIZE = 25;
const pk = (userId: string) => `SIGNINS#${userId}`;

/** "Firefox on Windows": enough to recognise a device, not enough to fingerprint it. */
export function deviceSummary(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browser = [['Edg/', 'Edge'], ['OPR/', 'Opera'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']].find(([mark]) => userAgent.includes(mark))?.[1];
  const system = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Windows', 'Windows'], ['Mac OS X', 'macOS'], ['Linux', 'Linux']].find(([mark]) => userAgent.includes(mark))?.[1];
  if (!browser && !system) return 'Other device';
  return [browser ?? 'A browser', system && `on ${system}`].filter(Boolean).join(' ');
}

export const originOf = (req: Request) => ({ ip: req.ip ?? '', device: deviceSummary(req.get('user-agent')) });

/**
 * Adds one attempt to the user's history. A failed write is logged, not thrown: the history must
 * not decide whether someone can sign in.
 */
export async function recordSignIn(deps: { db: Db; logger: Logger }, userId: string, outcome: SignInOutcome, origin: { ip: string; device: string }, now = new Date()): Promise<void> {
  try {
    await deps.db.doc.send(
      new PutCommand({
        TableName: deps.db.tables.security,
        Item: { pk: pk(userId), sk: ulid(now.getTime()), at: now.toISOString(), outcome, ip: origin.ip.slice(0, 64), device: origin.device, expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS },
      }),
    );
  } catch (err) {
    deps.logger.error({ err, userId, outcome }, 'sign-in history write failed');
  }
}

/** One page of the user's sign-ins, newest first; `cursor` comes from a URL (sealed, a bad one is a 400). */
export async function listSignIns(db: Db, userId: string, cursor?: string): Promise<SignInPage> {
  const list = `sign-ins/${userId}`;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.security,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk(userId) },
      ScanIndexForward: false,
      Limit: PAGE_SIZE,
      ExclusiveStartKey: cursor ? db.cursors.open(cursor, list) : undefined,
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => ({ at: item.at, outcome: item.outcome, ip: item.ip, device: item.device })),
    cursor: result.LastEvaluatedKey ? db.cursors.seal(result.LastEvaluatedKey, list) : undefined,
  };
}
