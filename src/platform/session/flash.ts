/** One-shot messages shown on the next page (post/redirect/get). */
import type { NextFunction, Request, Response } from 'express';

export type FlashKind = 'success' | 'error' | 'info';

export function flash(req: Request, kind: FlashKind, message: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, message }];
}

/**
 * Hands the messages to the page being rendered, once. A page's background refresh renders no
 * page, so it leaves them for the page the user is about to see (a poll landing between a form's
 * redirect and the next page would otherwise swallow "Your appointment is booked.").
 */
export function exposeFlash(req: Request, res: Response, next: NextFunction): void {
  if (isBackgroundRequest(req)) {
    res.locals.flash = [];
    return next();
  }
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
}

/**
 * Pages that refresh themselves (the unread badge, the doctor's live numbers) mark their fetches
 * with this header: they are not the user doing something.
 */
const BACKGROUND_HEADER = 'x-medtrack-background';

export const isBackgroundRequest = (req: Request): boolean => Boolean(req.get(BACKGROUND_HEADER));
