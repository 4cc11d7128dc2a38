/** HTTP for the admin archive browser. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { audited } from '../audit';
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
      // One event per view: the day's list (names and statuses); opening a visit is audited there.
      const found = await audited(deps, req, { action: 'view', resourceType: 'archived-day', resourceId: String(req.params.day) }, async () => {
        const read = day.success ? await archivedDay(deps, deps.storage, day.data) : undefined;
        if (!read) throw new NotFoundError('Nothing was archived for that day.');
        return { day: day.data!, ...read };
      });
      res.render('archive/day', { title: `Archive ${found.day}`, ...found });
    },
  };
}
