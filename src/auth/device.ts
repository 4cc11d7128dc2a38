/**
 * OWASP's device cookie: a browser that has signed in to an account gets a signed cookie naming
 * the account and a random nonce. Its later log-ins to that account are "trusted": they are locked
 * out on their own failures only, so an attacker failing elsewhere cannot lock the owner out.
 * The cookie is signed with the session secrets (cookie-parser), so it cannot be forged or moved
 * to another account.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config';
import type { LoginClient } from './limits';

const DEVICE_DAYS = 180;

const cookieName = (config: Config) => (config.session.secureCookies ? '__Host-medtrack.device' : 'medtrack.device');

function readDevice(req: Request, config: Config): { userId: string; nonce: string } | undefined {
  const value: unknown = req.signedCookies?.[cookieName(config)];
  if (typeof value !== 'string') return undefined;
  const [userId, nonce] = value.split('.');
  return userId && nonce ? { userId, nonce } : undefined;
}

/** Who is trying to log in to `userId`: this browser as a trusted device of that account, or its network address. */
export function loginClient(req: Request, config: Config, userId: string | undefined): LoginClient {
  const device = readDevice(req, config);
  if (device && userId && device.userId === userId) return { kind: 'device', nonce: device.nonce };
  return { kind: 'address', ip: req.ip ?? 'unknown' };
}

/** After a successful log-in: this browser becomes (or stays) a trusted device of the account. */
export function rememberDevice(req: Request, res: Response, config: Config, userId: string): void {
  const known = readDevice(req, config);
  const nonce = known?.userId === userId ? known.nonce : randomBytes(16).toString('base64url');
  res.cookie(cookieName(config), `${userId}.${nonce}`, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: config.session.secureCookies,
    path: '/',
    maxAge: DEVICE_DAYS * 24 * 60 * 60 * 1000,
  });
}
