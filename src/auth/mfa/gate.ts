/** A staff member whose role requires two-step sign-in reaches nothing but its set-up until it is on. */
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../config';
import { logAuthzDenied } from '../../platform/http/authz-log';
import { mayUseMfa, mfaRequired } from './service';
import { SETUP_PATH } from './sign-in';

const OPEN_PATHS = new Set([SETUP_PATH, '/logout']);

export function requireTwoStepEnrolment(config: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.user;
    if (!user || user.mfaEnabledAt || !mayUseMfa(user.role) || !mfaRequired(config, user.role) || OPEN_PATHS.has(req.path)) return next();
    logAuthzDenied(req, 'mfa-enrolment-required', 302);
    res.redirect(SETUP_PATH);
  };
}
