/** One-shot messages shown on the next page (post/redirect/get). */
import type { NextFunction, Request, Response } from 'express';

export type FlashKind = 'success' | 'error' | 'info';

export function flash(req: Request, kind: FlashKind, message: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, message }];
}

export function exposeFlash(req: Request, res: Response, next: NextFunction): void {
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
}
