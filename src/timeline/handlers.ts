/** HTTP for the health timeline: the patient's own, and a doctor's view of a patient they care for. */
import type { Request, Response } from 'express';
import { audited } from '../audit';
import type { Deps } from '../deps';
import { formValues, parseForm } from '../platform/validation';
import { patientIdParam, timelineQuerySchema } from './schemas';
import { timelinePage, timelineWithoutEntries, type Timeline } from './service';
import { KIND_WORDS } from './words';

export function timelineHandlers(deps: Deps, timeline: Timeline) {
  /** A filter the rules refuse shows the form again with its message and no entries (access still checked and audited). */
  async function render(req: Request, res: Response, patientId: string, baseUrl: string) {
    const query = parseForm(timelineQuerySchema, req.query);
    const target = { action: 'view', resourceType: 'timeline', resourceId: patientId, patientId };
    const read = () => (query.ok ? timelinePage(deps, timeline, req.user!, patientId, query.data) : timelineWithoutEntries(deps, timeline, req.user!, patientId));
    const found = await audited(deps, req, target, read);
    const own = found.patient.id === req.user!.id;
    const values = { ...formValues(req.query), kind: query.ok ? query.data.kind : [] };
    res.status(query.ok ? 200 : 422).render('timeline/show', { title: own ? 'Your health timeline' : `Health timeline: ${found.patient.firstName} ${found.patient.lastName}`, own, baseUrl, kindWords: KIND_WORDS, ...found, values, errors: query.ok ? {} : query.errors });
  }

  return {
    async showOwn(req: Request, res: Response) {
      await render(req, res, req.user!.id, '/timeline');
    },

    async showForDoctor(req: Request, res: Response) {
      const patientId = patientIdParam(req);
      await render(req, res, patientId, `/patients/${patientId}/timeline`);
    },
  };
}
