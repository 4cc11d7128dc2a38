/**
 * Prescriptions: issued from a completed visit (on first request), read and downloaded as a PDF
 * by the visit's patient and doctor, revoked by that doctor; checked and marked dispensed by a
 * pharmacist through the signed link on the PDF, with no log-in.
 */
import { Router } from 'express';
import type { Deps } from '../deps';
import { requireApprovedDoctor, requireRole, requireVerifiedEmail } from '../platform/http/guards';
import { prescriptionHandlers } from './handlers';

export function prescriptionRoutes(deps: Deps): Router {
  const rx = prescriptionHandlers(deps);
  const careParty = [requireRole('patient', 'doctor'), requireVerifiedEmail, requireApprovedDoctor];
  const doctor = [requireRole('doctor'), requireVerifiedEmail, requireApprovedDoctor];
  return Router()
    .get('/appointments/:appointmentId/prescription', ...careParty, rx.openForVisit)
    .get('/prescriptions/:prescriptionId.pdf', ...careParty, rx.download)
    .get('/prescriptions/:prescriptionId', ...careParty, rx.show)
    .post('/prescriptions/:prescriptionId/revoke', ...doctor, rx.revoke)
    .get('/verify/prescriptions/:prescriptionId', rx.verify)
    .post('/verify/prescriptions/:prescriptionId/dispense', rx.dispense);
}
