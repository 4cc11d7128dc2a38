/**
 * Route guards. They read only the signed-in user that auth's loadSessionUser puts on the request,
 * so they live here, below every feature: any feature's routes.ts can use them without importing
 * auth (which would tie auth, notifications and the rest into a cycle).
 */
import type { NextFunction, Request, Response } from 'express';
import { logAuthzDenied } from './authz-log';
import { ForbiddenError } from './errors';

export const ROLES = ['patient', 'doctor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What the guards (and the authorization log) read of the signed-in user. */
export interface GuardedUser {
  id: string;
  role: Role;
  emailVerified: boolean;
  doctor?: { approval: string };
}

/**
 * The rest of the signed-in user: empty here; the feature that loads users widens it to its full
 * account type by declaration merging (see auth/session.ts), so handlers read `req.user` as a User.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface SignedInUser {}

declare module 'express-serve-static-core' {
  interface Request {
    user?: GuardedUser & SignedInUser;
  }
}

/** Guards a route: anonymous visitors go to the log-in page, other roles get 403 (logged as authz.denied by the error handler). */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (!roles.includes(req.user.role)) return next(new ForbiddenError());
    next();
  };
}

/**
 * After requireRole: a doctor awaiting approval (or rejected) gets 403 on every doctor page but
 * the waiting page at /doctor, so nothing of the hospital's day reaches an account anyone can register.
 */
export function requireApprovedDoctor(req: Request, _res: Response, next: NextFunction) {
  if (req.user?.role === 'doctor' && req.user.doctor?.approval !== 'approved') {
    return next(new ForbiddenError('This page opens once an administrator has approved your registration.'));
  }
  next();
}

/** Patients and doctors must confirm their e-mail before using the portal. */
export function requireVerifiedEmail(req: Request, res: Response, next: NextFunction) {
  if (req.user && !req.user.emailVerified && req.user.role !== 'admin') {
    logAuthzDenied(req, 'email-unverified', 302);
    return res.redirect('/verify-email');
  }
  next();
}
