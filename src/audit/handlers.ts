/** HTTP for the audit pages: the patient's "who looked at my record" and the admin audit log. */
import type { Request, Response } from 'express';
import type { Deps } from '../deps';
import { ValidationError } from '../platform/http/errors';
import { formValues, parseForm } from '../platform/validation';
import { adminAuditPage, recordAccessPage } from './pages';
import { adminAuditQuerySchema, recordAccessQuerySchema } from './schemas';
import { ACTION_CHOICES } from './words';

export function auditHandlers(deps: Deps) {
  return {
    async recordAccess(req: Request, res: Response) {
      const { cursor } = recordAccessQuerySchema.parse(req.query);
      res.render('audit/record-access', { title: 'Who looked at your record', ...(await recordAccessPage(deps.db, req.user!, cursor)) });
    },

    /** A filter the rules refuse shows the form again with its message, and no events. */
    async adminLog(req: Request, res: Response) {
      const view = { title: 'Audit log', actions: ACTION_CHOICES, values: formValues(req.query), errors: {}, found: undefined as unknown };
      const query = parseForm(adminAuditQuerySchema, req.query);
      if (!query.ok) return res.status(422).render('audit/admin', { ...view, errors: query.errors });
      try {
        res.render('audit/admin', { ...view, found: await adminAuditPage(deps.db, deps.config, query.data) });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        res.status(422).render('audit/admin', { ...view, errors: error.errors });
      }
    },
  };
}
