/**
 * One warn line per authorization denial (ASVS V16.3.2), for alerting on someone probing other
 * people's records: who (user id and role) asked for which path, and how they were turned away.
 * Ids only: our paths hold ids, never names; no query string, no form body.
 */
import type { Request } from 'express';
import type { Logger } from '../logger';

/** forbidden: a 403 (a role guard or a rule); email-unverified: sent to confirm the e-mail first; not-yours: someone else's object, answered as missing; mfa-enrolment-required: sent to set up two-step sign-in first. */
export type Denial = 'forbidden' | 'email-unverified' | 'not-yours' | 'mfa-enrolment-required';

/** Logs through the request's logger (it carries the request id); `fallback` serves an app without the request log. */
export function logAuthzDenied(req: Request, denied: Denial, status: number, fallback?: Logger): void {
  const fields = { userId: req.user?.id, role: req.user?.role, method: req.method, path: req.originalUrl.split('?')[0], status, denied };
  (req.log ?? fallback)?.warn(fields, 'authz.denied');
}
