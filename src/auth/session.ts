/**
 * Who is signed in. Every request re-reads the user: a deactivation or password change bumps
 * `sessionEpoch` and ends all older sessions at once; a logged-out session id is tombstoned so
 * a slow request finishing after logout cannot bring it back.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { isBackgroundRequest } from '../platform/session/flash';
import { getSessionUser, revokeSession, type Role, type User } from '../users';

// The guards in platform/http see only what they need of the user; here, where users are
// loaded, `req.user` becomes the whole account.
declare module '../platform/http/guards' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface SignedInUser extends User {}
}

const sidHash = (sid: string) => createHash('sha256').update(sid).digest('hex');

export const homeFor = (role: Role) => `/${role}`;

export function loadSessionUser(config: Config, db: Db) {
  const absoluteMs = config.session.absoluteHours * 60 * 60 * 1000;
  const idleMs = config.session.idleMinutes * 60 * 1000;
  return async (req: Request, res: Response, next: NextFunction) => {
    const { userId, epoch, authTime, lastActiveAt } = req.session ?? {};
    if (!userId) return next();
    const { user, revoked } = await getSessionUser(db, userId, sidHash(req.sessionID));
    const now = Date.now();
    const valid =
      user && !revoked && user.status === 'active' && user.sessionEpoch === epoch &&
      now - (authTime ?? 0) <= absoluteMs && now - (lastActiveAt ?? authTime ?? 0) <= idleMs;
    if (!valid) {
      // Start over as an anonymous visitor with a new, empty session.
      await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
      return next();
    }
    // A page refreshing itself keeps the cookie alive but is no activity: an unattended tab still times out.
    if (!isBackgroundRequest(req)) req.session.lastActiveAt = now;
    req.user = user;
    res.locals.currentUser = { id: user.id, role: user.role, firstName: user.firstName, lastName: user.lastName };
    next();
  };
}

/**
 * Starts a fresh session for the user: a new id, so a planted pre-login id is worthless. It is
 * stored when the response redirects (platform/session saves before every redirect).
 */
export async function startSession(req: Request, user: User): Promise<void> {
  const flash = req.session.flash;
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  const now = Date.now();
  Object.assign(req.session, { userId: user.id, role: user.role, epoch: user.sessionEpoch, authTime: now, lastActiveAt: now, flash });
}

/** Logs out: tombstones the id, then deletes the session item. */
export async function endSession(req: Request, res: Response, config: Config, db: Db): Promise<void> {
  if (req.session?.userId) await revokeSession(db, sidHash(req.sessionID), config.session.absoluteHours * 3600);
  await destroySession(req);
  res.clearCookie(config.session.cookieName, { path: '/', httpOnly: true, secure: config.session.secureCookies, sameSite: 'lax' });
  // Not "cookies": that would also drop the device cookie (device.ts) that keeps its owner able to log in during an attack.
  res.set('Clear-Site-Data', '"cache"');
}

function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}
