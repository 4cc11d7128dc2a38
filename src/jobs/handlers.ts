/** HTTP for the admin jobs page: parse, call, render or redirect. */
import type { Request, Response } from 'express';
import type { Deps } from '../deps';
import { NotFoundError } from '../platform/http/errors';
import { flash } from '../platform/session/flash';
import { jobOverview } from './overview';
import { startRun } from './runner';
import { findJob } from './schedule';

export function jobHandlers(deps: Deps) {
  const render = async (res: Response) => res.render('jobs/index', { title: 'Jobs', jobs: await jobOverview(deps), timeZone: deps.config.timeZone });
  return {
    list: (_req: Request, res: Response) => render(res),

    async runNow(req: Request, res: Response) {
      const job = findJob(String(req.params.name));
      if (!job) throw new NotFoundError('There is no job with that name.');
      const started = await startRun(deps, job, () => job.run(deps), 'manual', req.user!.id);
      if (!started) {
        res.locals.flash = [...res.locals.flash, { kind: 'error', message: `${job.name} is already running. Its outcome will appear below when it finishes.` }];
        return render(res.status(409));
      }
      flash(req, 'success', `${job.name} started. Reload this page to see how it went.`);
      res.redirect(303, '/admin/jobs');
    },
  };
}
