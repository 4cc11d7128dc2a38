/** The one error handler: a status from the error family, a page from views/errors, no internals. */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';
import { isUnavailable } from '../db/errors';
import { logAuthzDenied } from './authz-log';
import { ForbiddenError, HttpError, NotFoundError, NotYoursError, TooManyRequestsError } from './errors';

const PAGES = new Set([400, 403, 404, 409, 413, 429, 503]);

const GENERIC: Record<number, string> = {
  400: 'The request could not be understood.',
  413: 'That upload is too large.',
  500: 'Something went wrong on our side. It has been logged; please try again.',
};

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError());
}

export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    const { status, message } = classify(error);
    if (status >= 500) logger.error({ err: error, reqId: req.id, path: req.path }, 'request failed');
    if (error instanceof ForbiddenError) logAuthzDenied(req, 'forbidden', status, logger);
    if (error instanceof NotYoursError) logAuthzDenied(req, 'not-yours', status, logger);
    if (res.headersSent) return next(error);
    if (error instanceof TooManyRequestsError) res.set('Retry-After', String(error.retryAfterSeconds));
    res.status(status);
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: message });
      return;
    }
    const view = PAGES.has(status) ? `errors/${status}` : status < 500 ? 'errors/400' : 'errors/500';
    res.render(view, { title: titleFor(status), message });
  };
}

function classify(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (isUnavailable(error)) return { status: 503, message: 'MedTrack is having trouble reaching its database. Please try again shortly.' };
  const e = error as { status?: number; statusCode?: number; expose?: boolean; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500) {
    return { status, message: e.expose && e.message ? e.message : (GENERIC[status] ?? GENERIC[400]) };
  }
  return { status: 500, message: GENERIC[500] };
}

function titleFor(status: number): string {
  return (
    {
      400: 'Bad request',
      403: 'Not allowed',
      404: 'Page not found',
      409: 'Already changed',
      413: 'Too large',
      429: 'Too many attempts',
      503: 'Temporarily unavailable',
    }[status] ?? (status < 500 ? 'Request refused' : 'Something went wrong')
  );
}
