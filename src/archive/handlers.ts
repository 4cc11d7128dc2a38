/** HTTP for the admin archive browser. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps';
import { NotFoundError } from '../platform/http/errors';
import { archivedDay, listArchivedDays } from './browser';

const dayParamSchema = z.iso.date();

export function archiveHandlers(deps: Deps) {
  return {
    async listDays(_req: Request, res: Response) {
      res.render('archive/index', { title: 'Archive', days: await listArchivedDays(deps.storage) });
    },

    async showDay(req: Request, res: Response) {
      const day = dayParamSchema.safeParse(req.params.day);
      const found = day.success ? await archivedDay(deps, deps.storage, day.data) : undefined;
      if (!found) throw new NotFoundError('Nothing was archived for that day.');
      res.render('archive/day', { title: `Archive ${day.data}`, day: day.data, ...found });
    },
  };
}
