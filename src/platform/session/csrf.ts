/** Synchronizer-token CSRF protection (csrf-sync): the token lives in the session, forms echo it. */
import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? req.get('x-csrf-token'),
  errorConfig: {
    statusCode: 403,
    code: 'EBADCSRFTOKEN',
    message: 'This form has expired or did not come from MedTrack. Reload the page and try again.',
  },
});

export const csrfProtection = csrfSynchronisedProtection;

/**
 * Views call csrfToken() only where they render a form, so a visitor who just reads a page does
 * not get a session item.
 */
export function exposeCsrfToken(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = () => generateToken(req);
  next();
}
