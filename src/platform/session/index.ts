/** express-session on DynamoDB (connect-dynamodb), sharing the app's single client. */
import session from 'express-session';
import connectDynamoDb from 'connect-dynamodb';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../../config';
import type { Db } from '../db/client';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    role: string;
    /** The user's sessionEpoch at login; a later bump (password change, deactivation) kills this session. */
    epoch: number;
    /** Epoch milliseconds of the login, for the absolute timeout. */
    authTime: number;
    /** Epoch milliseconds of the user's last own request (not a page's background refresh), for the idle timeout. */
    lastActiveAt: number;
    flash: { kind: 'success' | 'error' | 'info'; message: string }[];
  }
}

const DynamoDBStore = connectDynamoDb(session);

export function sessionMiddleware(config: Config, db: Db): RequestHandler[] {
  const store = new DynamoDBStore({
    client: db.client,
    table: db.tables.sessions,
    initialized: true,
    // Expired items are filtered on read and removed by DynamoDB's TTL on `expires`, not by a scan.
    reapInterval: 0,
  });
  // connect-dynamodb writes `now + maxAge / 1000`, a fraction; the table's TTL reads whole epoch seconds.
  const fractionalExpiry = store.getExpiresValue.bind(store) as (sess: unknown) => number;
  Object.assign(store, { getExpiresValue: (sess: unknown) => Math.ceil(fractionalExpiry(sess)) });
  const sessions = session({
    name: config.session.cookieName,
    secret: [...config.session.secrets],
    store,
    resave: false,
    saveUninitialized: false,
    // The store's expiry slides with each request: that is the server-side idle timeout.
    rolling: true,
    cookie: {
      httpOnly: true,
      secure: config.session.secureCookies,
      sameSite: 'lax',
      path: '/',
      maxAge: config.session.idleMinutes * 60 * 1000,
    },
  });
  return [sessions, saveBeforeRedirect];
}

/**
 * A redirect goes out only once the session is stored. express-session sends the headers before
 * its save has finished, and a browser follows a 303 on the headers alone: the next page could
 * read the session from before the change (a flash lost, a log-in not yet there) and then save
 * that old state over the new one.
 */
function saveBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    // A visitor's session that holds nothing is not stored at all (saveUninitialized: false).
    const holdsNothing = !req.session || Object.keys(req.session).every((key) => key === 'cookie');
    if (holdsNothing) return redirect(...args);
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  }) as Response['redirect'];
  next();
}
