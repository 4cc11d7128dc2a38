/** Requests: the list, a new request for a patient found by e-mail or phone, the fill/issue page, reserve, cancel. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Deps } from '../../deps';
import { ValidationError } from '../../platform/http/errors';
import { validForm, withFormErrors, type RejectedForm } from '../../platform/http/forms';
import { flash } from '../../platform/session/flash';
import { fullName, getUserByEmail, getUserById, getUserByPhone, type User } from '../../users';
import { issueUnits } from '../requests/issue';
import { listIssuesOfRequest } from '../requests/issue-records';
import { listRequests } from '../requests/repository';
import { takeFromChosen } from '../requests/selection';
import { cancelRequest, createRequest, fillPlan, requestOrNotFound, reserveForRequest } from '../requests/service';
import { idParam, issueSchema, patientIdQuery, requestListSchema, requestSchema, reserveSchema, searchSchema } from '../schemas';
import { getLot } from '../stock/lots';
import type { Lot } from '../types';
import { auditRead, BASE, words } from './common';

async function findPatient(deps: Deps, q: string): Promise<User | undefined> {
  if (q.includes('@')) return getUserByEmail(deps.db, q);
  const phone = parsePhoneNumberFromString(q, deps.config.defaultCountry as CountryCode);
  return phone?.isValid() ? getUserByPhone(deps.db, phone.number) : undefined;
}

export function requestPages(deps: Deps) {
  const renderNew = async (req: Request, res: Response, form: Partial<RejectedForm> = {}) => {
    const { q } = searchSchema.parse(req.query);
    // A patient named by id: the link from a request ("another request for this patient"), or the form sent back.
    const named = patientIdQuery.safeParse(form.values?.patientId ?? req.query.patientId);
    const found = q ? await findPatient(deps, q) : named.success ? await getUserById(deps.db, named.data) : undefined;
    const patient = found?.role === 'patient' ? found : undefined;
    if (patient) await auditRead(deps, req, 'blood-request', 'new', patient.id, 'search');
    res.render('bloodbank/request-new', { title: 'New blood request', ...words, q: q ?? '', patient, patientName: patient && fullName(patient), values: { group: patient?.bloodGroup ?? '', units: '1', urgency: 'routine', ...form.values }, errors: form.errors ?? {} });
  };
  const renderRequest = async (req: Request, res: Response, form: Partial<RejectedForm> = {}) => {
    const request = await requestOrNotFound(deps, idParam(req, 'requestId', 'request'));
    await auditRead(deps, req, 'blood-request', request.id, request.patientId);
    const [patient, plan, issues] = await Promise.all([getUserById(deps.db, request.patientId), request.status === 'open' ? fillPlan(deps, request) : undefined, listIssuesOfRequest(deps.db, request.id)]);
    const proposed = new Map((plan?.proposals ?? []).map((p) => [p.lot.id, p]));
    const others = (plan?.candidates ?? []).filter((lot) => !proposed.has(lot.id));
    res.render('bloodbank/request', { title: 'Blood request', ...words, request, patientName: patient ? fullName(patient) : 'Unknown patient', plan, others, issues, values: form.values ?? {}, errors: form.errors ?? {} });
  };
  return {
    async list(req: Request, res: Response) {
      const { status, cursor } = requestListSchema.parse(req.query);
      const page = await listRequests(deps.db, status, cursor);
      res.render('bloodbank/requests', { title: 'Blood requests', ...words, status, page });
    },
    newForm: (req: Request, res: Response) => renderNew(req, res),
    create: withFormErrors(renderNew, async (req, res) => {
      const input = validForm(requestSchema, req.body);
      const patient = await getUserById(deps.db, input.patientId);
      if (patient?.role !== 'patient') throw new ValidationError({ patientId: 'Choose the patient from the search' });
      const request = await createRequest(deps, req.user!.id, input);
      await auditRead(deps, req, 'blood-request', request.id, request.patientId, 'create');
      flash(req, 'success', 'Request made. Choose the lots to issue below.');
      res.redirect(303, `${BASE}/requests/${request.id}`);
    }),
    show: (req: Request, res: Response) => renderRequest(req, res),
    issue: withFormErrors(renderRequest, async (req, res) => {
      const request = await requestOrNotFound(deps, idParam(req, 'requestId', 'request'));
      const { lotId } = validForm(issueSchema, req.body);
      const lots = (await Promise.all([...new Set(lotId)].map((id) => getLot(deps.db, id)))).filter((lot): lot is Lot => Boolean(lot));
      const emptied = lots.find((lot) => lot.units < 1 || !['available', 'reserved'].includes(lot.status));
      if (emptied) throw new ValidationError({ form: `Lot ${emptied.bagNumber} has no units left to issue (someone issued or moved it a moment ago). Choose another lot.` });
      const picks = takeFromChosen(request.group, request.remaining, lots).map((p) => ({ lotId: p.lot.id, units: p.units }));
      if (!picks.length) throw new ValidationError({ form: 'Choose at least one lot with units left to issue from.' });
      const { issued } = await issueUnits(deps, request.id, picks, { by: req.user!.id });
      await auditRead(deps, req, 'blood-request', request.id, request.patientId, 'issue');
      flash(req, 'success', `${issued} unit${issued === 1 ? '' : 's'} issued.`);
      res.redirect(303, `${BASE}/requests/${request.id}`);
    }),
    reserve: withFormErrors(renderRequest, async (req, res) => {
      const id = idParam(req, 'requestId', 'request');
      const { releaseBy } = validForm(reserveSchema, req.body);
      const lots = await reserveForRequest(deps, id, DateTime.fromISO(releaseBy, { zone: deps.config.timeZone }).toUTC().toISO()!);
      flash(req, 'success', `${lots.length} lot${lots.length === 1 ? '' : 's'} reserved until ${releaseBy.replace('T', ' ')}.`);
      res.redirect(303, `${BASE}/requests/${id}`);
    }),
    cancel: withFormErrors(renderRequest, async (req, res) => {
      const id = idParam(req, 'requestId', 'request');
      await cancelRequest(deps, id);
      flash(req, 'success', 'Request cancelled; its reserved lots are back on the shelf.');
      res.redirect(303, `${BASE}/requests?status=open`);
    }),
  };
}
