/** Session cookies and the store items behind them, read and edited the way an attacker or a slow request could. */
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import type { Express } from 'express';
import type { Deps } from '../../src/deps';
import { revokedSessionKey } from '../../src/users/keys';
import { csrfFrom, passSecondStep, sessionCookie, type Agent } from './http';
import { PASSWORD } from './users';

export type StoredSession = { id: string; expires: number; sess?: string } & Record<string, unknown>;

/** The session id inside a `name=s%3A<sid>.<signature>` cookie. */
export function sidOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  const match = /^s:([^.]+)\./.exec(value);
  if (!match) throw new Error(`not a signed session cookie: ${cookie}`);
  return match[1];
}

const key = (sid: string) => ({ id: `sess:${sid}` });
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function storedSession(deps: Deps, sid: string): Promise<StoredSession | undefined> {
  const result = await deps.db.doc.send(new GetCommand({ TableName: deps.db.tables.sessions, Key: key(sid), ConsistentRead: true }));
  return result.Item as StoredSession | undefined;
}

/** Writes an item back verbatim: what a late `store.set()` from an in-flight request does. */
export async function putStoredSession(deps: Deps, item: StoredSession): Promise<void> {
  await deps.db.doc.send(new PutCommand({ TableName: deps.db.tables.sessions, Item: item }));
}

export async function setSessionExpires(deps: Deps, sid: string, expires: number): Promise<void> {
  await deps.db.doc.send(
    new UpdateCommand({
      TableName: deps.db.tables.sessions,
      Key: key(sid),
      UpdateExpression: 'SET expires = :e',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeValues: { ':e': expires },
    }),
  );
}

/** Rewrites fields of the session JSON in place, leaving `expires` alone. */
export async function editSessionData(deps: Deps, sid: string, changes: Record<string, unknown>): Promise<void> {
  const item = await storedSession(deps, sid);
  if (!item?.sess) throw new Error(`no stored session ${sid}`);
  await putStoredSession(deps, { ...item, sess: JSON.stringify({ ...JSON.parse(item.sess), ...changes }) });
}

/** The logout tombstone of a session id, as src/auth/session.ts writes it. */
export const tombstoneKey = (sid: string) => revokedSessionKey(createHash('sha256').update(sid).digest('hex'));

export async function tombstoneOf(deps: Deps, sid: string): Promise<Record<string, unknown> | undefined> {
  const result = await deps.db.doc.send(new GetCommand({ TableName: deps.db.tables.users, Key: tombstoneKey(sid), ConsistentRead: true }));
  return result.Item;
}

export async function deleteTombstone(deps: Deps, sid: string): Promise<void> {
  await deps.db.doc.send(new DeleteCommand({ TableName: deps.db.tables.users, Key: tombstoneKey(sid) }));
}

export interface SignedIn {
  agent: Agent;
  /** `name=value`, ready for a `Cookie` header. */
  cookie: string;
  sid: string;
}

/** Logs in through the real form and returns the agent with the session it was given. */
export async function signInWithSession(app: Express, identifier: string, password = PASSWORD): Promise<SignedIn> {
  const agent = request.agent(app);
  const _csrf = await csrfFrom(agent, '/login');
  const first = await agent.post('/login').type('form').send({ identifier, password, _csrf });
  const response = first.headers.location === '/login/two-step' ? await passSecondStep(agent, identifier) : first;
  const cookie = sessionCookie(response);
  if (response.status !== 303 || !cookie) throw new Error(`log-in failed for ${identifier}: ${response.status}`);
  return { agent, cookie, sid: sidOf(cookie) };
}

/** A request that carries only the given cookie, like a replayed or stolen one. */
export const withCookie = (app: Express, cookie: string) => ({
  get: (path: string) => request(app).get(path).set('Cookie', cookie),
  post: (path: string) => request(app).post(path).set('Cookie', cookie),
});
