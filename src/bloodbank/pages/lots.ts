/** The lots list (by status, group, component; paged), a lot's page, and discarding a lot. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { NotFoundError } from '../../platform/http/errors';
import { validForm, withFormErrors, type RejectedForm } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { listIssuesOfLot } from '../requests/issue-records';
import { discardSchema, idParam, lotFilterSchema } from '../schemas';
import { getLot, listLotsByStatus } from '../stock/lots';
import { discardLot } from '../stock/service';
import { BASE, words } from './common';

export function lotPages(deps: Deps) {
  const renderLot = async (req: Request, res: Response, form: Partial<RejectedForm> = {}) => {
    const lot = await getLot(deps.db, idParam(req, 'lotId', 'lot'));
    if (!lot) throw new NotFoundError('We could not find that lot.');
    const issues = await listIssuesOfLot(deps.db, lot.id);
    res.render('bloodbank/lot', { title: `Lot ${lot.bagNumber}`, ...words, lot, issues, values: form.values ?? {}, errors: form.errors ?? {} });
  };
  return {
    async list(req: Request, res: Response) {
      const filter = lotFilterSchema.parse(req.query);
      const page = await listLotsByStatus(deps.db, filter, filter.cursor);
      const query = (extra: Record<string, string | undefined>) => {
        const all: Record<string, string | undefined> = { status: filter.status, group: filter.group, component: filter.component, ...extra };
        return new URLSearchParams(Object.entries(all).flatMap(([k, v]) => (v ? [[k, v]] : []))).toString();
      };
      res.render('bloodbank/lots', { title: 'Blood lots', ...words, filter, page, query });
    },
    show: (req: Request, res: Response) => renderLot(req, res),
    discard: withFormErrors(renderLot, async (req, res) => {
      const lotId = idParam(req, 'lotId', 'lot');
      const { reason } = validForm(discardSchema, req.body);
      const lot = await discardLot(deps, lotId, reason);
      flash(req, 'success', `Lot ${lot.bagNumber} is discarded and out of stock.`);
      res.redirect(303, `${BASE}/lots/${lotId}`);
    }),
  };
}
