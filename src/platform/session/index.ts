/** express-session on DynamoDB (connect-dynamodb), sharing the app's single client. */
import session from 'express-session';
import connectDynamoDb from 'connect-dynamodb';
import type { RequestHandler } from 'express';
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

export function sessionMiddleware(config: Config, db: Db): RequestHandler {
  const store = new DynamoDBStore({
    client: db.client,
    table: db.tables.sessions,
    initialized: true,
    // Expired items are filtered on read and removed by DynamoDB's TTL on `expires`, not by a scan.
    reapInterval: 0,
  });
  return session({
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
}
