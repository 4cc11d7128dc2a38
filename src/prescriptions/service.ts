/** Issuing a prescription from a completed visit, reading it, and revoking it. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps';
import { appointmentFor, type Appointment } from '../appointments';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { ForbiddenError, NotFoundError, NotYoursError } from '../platform/http/errors';
import { notify } from '../notifications';
import { fullName, getUserById, type User } from '../users';
import { revokedNotice } from './notices';
import { createPrescription, getPrescription, getPrescriptionIdForVisit, stageStatusChange } from './repository';
import { dispenseCode, hashCode, signPrescription } from './signature';
import type { Prescription, PrescriptionLine } from './types';

export type Ctx = Pick<Deps, 'db' | 'config' | 'dayBoard'> & Partial<Pick<Deps, 'outbox'>>;

const NOT_FOUND = 'We could not find that prescription.';

/** Fields the visit record may carry once it records them (strength, follow-up advice); read if present. */
type VisitRecord = NonNullable<Appointment['consultation']> & { advice?: string; followUpAdvice?: string };

/**
 * The prescription of a completed visit, issued on first request and the same one after: the
 * visit's patient or doctor only (anyone else: as if missing). A visit without medicines has none.
 */
export async function prescriptionForVisit(ctx: Ctx, user: User, appointmentId: string): Promise<Prescription> {
  const visit = await appointmentFor(ctx, user, appointmentId);
  if (visit.patientId !== user.id && visit.doctorId !== user.id) throw new NotYoursError(NOT_FOUND);
  const existing = await getPrescriptionIdForVisit(ctx.db, visit.id);
  if (existing) return readPrescriptionFor(ctx, user, existing);
  if (visit.status !== 'completed' || !visit.consultation?.prescription.length) throw new NotFoundError('This visit has no prescription.');
  const prescription = await newPrescription(ctx, visit);
  if (await createPrescription(ctx.db, prescription)) return prescription;
  // Someone issued it between our read and our write: theirs is the one.
  return readPrescriptionFor(ctx, user, (await getPrescriptionIdForVisit(ctx.db, visit.id))!);
}

async function newPrescription(ctx: Ctx, visit: Appointment): Promise<Prescription> {
  const [patient, doctor] = await Promise.all([getUserById(ctx.db, visit.patientId), getUserById(ctx.db, visit.doctorId)]);
  if (!patient || !doctor) throw new NotFoundError(NOT_FOUND);
  const record = visit.consultation as VisitRecord;
  const content = {
    id: randomUUID(),
    appointmentId: visit.id,
    patientId: visit.patientId,
    doctorId: visit.doctorId,
    hospitalId: visit.hospitalId,
    patientName: fullName(patient),
    patientDateOfBirth: patient.dateOfBirth,
    doctorName: `Dr ${fullName(doctor)}`,
    doctorRegistration: doctor.doctor?.registrationNumber,
    lines: record.prescription.map((line) => ({ ...(line as PrescriptionLine) })),
    advice: record.followUpAdvice ?? record.advice,
    issuedAt: visit.timeline?.completedAt ?? new Date().toISOString(),
    contentVersion: 1,
  };
  const keyId = ctx.config.prescriptions.signingKeys[0].id;
  const code = dispenseCode(ctx.config.prescriptions.signingKeys, keyId, content)!;
  return { ...content, status: 'active', dispenseCodeHash: hashCode(code), dispenseCodeKeyId: keyId, version: 1 };
}

/**
 * The one place a signed-in user reads a prescription (the handlers audit each call). Only the
 * patient and the prescribing doctor may; to anyone else it is missing.
 */
export async function readPrescriptionFor(ctx: Pick<Ctx, 'db'>, user: User, prescriptionId: string): Promise<Prescription> {
  const prescription = await getPrescription(ctx.db, prescriptionId);
  if (!prescription) throw new NotFoundError(NOT_FOUND);
  if (prescription.patientId !== user.id && prescription.doctorId !== user.id) throw new NotYoursError(NOT_FOUND);
  return prescription;
}

/** What the PDF and the page print: the link that verifies it, and the code that dispenses it. */
export function printedParts(ctx: Pick<Ctx, 'config'>, prescription: Prescription) {
  const keys = ctx.config.prescriptions.signingKeys;
  const sig = signPrescription(keys, prescription);
  return {
    verifyUrl: `${ctx.config.publicUrl}/verify/prescriptions/${prescription.id}?sig=${encodeURIComponent(sig)}`,
    dispenseCode: dispenseCode(keys, prescription.dispenseCodeKeyId, prescription),
  };
}

/** The prescribing doctor revokes an active prescription; the patient is told (no medicine names). */
export async function revokePrescription(ctx: Ctx, doctor: User, prescriptionId: string, reason: string, now = new Date()): Promise<Prescription> {
  const before = await readPrescriptionFor(ctx, doctor, prescriptionId);
  if (before.doctorId !== doctor.id) throw new ForbiddenError('Only the doctor who issued a prescription can revoke it.');
  const after: Prescription = { ...before, status: 'revoked', revocation: { reason, by: doctor.id, at: now.toISOString() }, version: before.version + 1 };
  const patient = await getUserById(ctx.db, before.patientId);
  const work = new UnitOfWork(ctx.db);
  stageStatusChange(work, before, after);
  await notify(ctx, patient ? [revokedNotice(patient, after, before.doctorName)] : [], work);
  return after;
}
