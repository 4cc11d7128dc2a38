/**
 * Multipart forms (file uploads), parsed before the CSRF check so that their token is read from the
 * form body like every other form's (csrf-sync's `_csrf`), never from a URL. Only the routes named
 * here are parsed, only for a signed-in session, and at most one file is held in memory, up to the
 * route's limit: a multipart body sent anywhere else stays unread, so its CSRF check fails.
 *
 * A body that cannot be read (a file over the limit, a broken multipart) is not answered here: the
 * refusal is kept on the request, the CSRF check and the route's guards run as for any form, and
 * the route's handler says what was wrong (a 4xx with a message, never a 500).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';

export interface UploadRoute {
  /** The POST path, exactly as the router matches it (no parameters). */
  path: string;
  /** The file input's name. */
  field: string;
  maxBytes: number;
  /** Keep the file name as sent, folders included (busboy would cut them off), for a route that refuses such names. */
  preservePath?: boolean;
}

export type UploadRefusal = 'too-large' | 'unreadable';

declare module 'express-serve-static-core' {
  interface Request {
    /** Why the upload of this request could not be read, if it could not. */
    uploadRefusal?: UploadRefusal;
  }
}

export function parseUploads(routes: UploadRoute[]): RequestHandler {
  const parsers = new Map(
    routes.map((route) => [
      route.path,
      multer({
        storage: multer.memoryStorage(),
        preservePath: route.preservePath ?? false,
        // Browsers send a file name's UTF-8 bytes as they are; busboy would read them as latin1.
        defParamCharset: 'utf8',
        // A form of a few short fields and one file: anything more is not our form.
        limits: { fileSize: route.maxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 100 },
      }).single(route.field),
    ]),
  );
  return (req: Request, res: Response, next: NextFunction) => {
    const parse = req.method === 'POST' ? parsers.get(req.path) : undefined;
    if (!parse || !req.is('multipart/form-data') || !req.session?.userId) return next();
    parse(req, res, (error?: unknown) => {
      if (error) req.uploadRefusal = error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE' ? 'too-large' : 'unreadable';
      next();
    });
  };
}
