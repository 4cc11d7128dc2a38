/** HTTP for prescriptions: the patient's and doctor's page and PDF, revoking, and the pharmacist's verify page. */
import type { Request, Response } from 'express';
import { actorOf, audited, recordAccess } from '../audit';
import type { Deps } from '../deps';
import { getHospital } from '../directory';
import { validForm, withFormErrors, type RejectedForm } from '../platform/http/forms';
import { flash } from '../platform/session/flash';
import { prescriptionPdf } from './pdf';
import { dispenseSchema, prescriptionIdParam, revokeSchema, verifyLinkOf } from './schemas';
import { prescriptionForVisit, printedParts, readPrescriptionFor, revokePrescription } from './service';
import { dispenseLimits, dispensePrescription, stateOf, validUntil, verifyPrescription, type Verification } from './verify';

/** An invalid link answers the same whether the id exists or not: same status, same page. */
const renderVerify = (res: Response, verification: Verification, sig: string | undefined, form: Partial<RejectedForm> = {}, dispensedNow = false) =>
  res.status(verification.state === 'invalid' ? 404 : res.statusCode).render('prescriptions/verify', { title: 'Check a prescription', state: verification.state, id: verification.id, view: verification.view ?? null, sig, dispensedNow, values: form.values ?? {}, errors: form.errors ?? {} });

const target = (action: string, resourceId: string) => ({ action, resourceType: 'prescription', resourceId, patientId: (p: { patientId: string }) => p.patientId });

/** A pharmacy's look through a signed link, once it named a real prescription; a wrong signature is a refusal. */
async function auditVerification(deps: Deps, req: Request, action: string, verification: Verification): Promise<void> {
  if (!verification.audit) return;
  const { prescriptionId, patientId } = verification.audit;
  const outcome = verification.state === 'invalid' ? 'denied' : 'allowed';
  await recordAccess(deps, { action, resourceType: 'prescription', resourceId: prescriptionId, patientId, ...actorOf(req), outcome });
}

export function prescriptionHandlers(deps: Deps) {
  const limits = dispenseLimits(deps);
  return {
    /** From a completed visit: its prescription (issued now if it is the first request). */
    async openForVisit(req: Request, res: Response) {
      const appointmentId = String(req.params.appointmentId);
      const prescription = await audited(deps, req, target('view', appointmentId), () => prescriptionForVisit(deps, req.user!, appointmentId));
      res.redirect(303, `/prescriptions/${prescription.id}`);
    },

    async show(req: Request, res: Response) {
      await renderShow(deps, req, res);
    },

    async download(req: Request, res: Response) {
      const id = prescriptionIdParam(req);
      const prescription = await audited(deps, req, target('download', id), () => readPrescriptionFor(deps, req.user!, id));
      const hospital = await getHospital(deps.db, prescription.hospitalId);
      const { hospitalName, timeZone } = deps.config;
      const pdf = await prescriptionPdf({ prescription, hospital, hospitalName, timeZone, ...printedParts(deps, prescription), validUntil: validUntil(deps, prescription).toISO()! });
      res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="prescription-${prescription.id.slice(0, 8)}.pdf"`, 'X-Content-Type-Options': 'nosniff' });
      res.send(pdf);
    },

    revoke: withFormErrors(
      (req, res, form) => renderShow(deps, req, res, form),
      async (req, res) => {
        const id = prescriptionIdParam(req);
        const { reason } = validForm(revokeSchema, req.body, { multiline: ['reason'] });
        await audited(deps, req, target('revoke', id), () => revokePrescription(deps, req.user!, id, reason));
        flash(req, 'success', 'The prescription is revoked. The patient has been told.');
        res.redirect(303, `/prescriptions/${id}`);
      },
    ),

    async verify(req: Request, res: Response) {
      const { id, sig } = verifyLinkOf(req);
      const verification = await verifyPrescription(deps, id, sig);
      await auditVerification(deps, req, 'verify', verification);
      renderVerify(res, verification, sig);
    },

    dispense: withFormErrors(
      async (req, res, form) => {
        const { id, sig } = verifyLinkOf(req);
        const verification = await verifyPrescription(deps, id, sig);
        await auditVerification(deps, req, 'verify', verification);
        renderVerify(res, verification, sig, form);
      },
      async (req, res) => {
        const { id, sig } = verifyLinkOf(req);
        const { code } = validForm(dispenseSchema, req.body);
        const { verification, dispensedNow } = await dispensePrescription(deps, limits, { id: id ?? '', sig: sig ?? '', code, ip: req.ip ?? 'unknown' });
        if (dispensedNow) await auditVerification(deps, req, 'dispense', verification);
        renderVerify(res.status(dispensedNow ? 200 : 409), verification, sig, {}, dispensedNow);
      },
    ),
  };
}

async function renderShow(deps: Deps, req: Request, res: Response, form: Partial<RejectedForm> = {}) {
  const id = prescriptionIdParam(req);
  const prescription = await audited(deps, req, target('view', id), () => readPrescriptionFor(deps, req.user!, id));
  const isPrescriber = prescription.doctorId === req.user!.id;
  res.render('prescriptions/show', { title: 'Prescription', prescription, state: stateOf(deps, prescription), isPrescriber, validUntil: validUntil(deps, prescription).toISO(), verifyPath: printedParts(deps, prescription).verifyUrl.replace(deps.config.publicUrl, ''), values: form.values ?? {}, errors: form.errors ?? {} });
}
