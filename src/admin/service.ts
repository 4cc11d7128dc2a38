/** Admin rules: approving doctors, (de)activating accounts, the hospital directory. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps';
import { createHospital, createSpecialty, keyForName, specialtyOfferedCheck } from '../directory';
import { NotFoundError, ConflictError } from '../platform/http/errors';
import { hashPassword } from '../auth';
import { newNotification, notify, type Notification } from '../notifications';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { parseForm, type FieldErrors } from '../platform/validation';
import { createUser, DuplicateAccountError, getUserById, stageUserChange, type User } from '../users';
import { RETIRED_SPECIALTY } from './users/service';
import { createAdminSchema, type HospitalInput, type SpecialtyInput } from './schemas';

type Ctx = Pick<Deps, 'db' | 'outbox'>;

async function requireDoctor(ctx: Ctx, userId: string): Promise<User & { doctor: NonNullable<User['doctor']> }> {
  const user = await getUserById(ctx.db, userId);
  if (!user?.doctor) throw new NotFoundError('There is no doctor with that id.');
  return user as User & { doctor: NonNullable<User['doctor']> };
}

/**
 * Approves or rejects a pending doctor; the decision and the notice to the doctor (inbox and
 * e-mail) commit together, and the version guard lets only one of two racing admins decide.
 */
export async function decideDoctor(ctx: Ctx, userId: string, decision: 'approved' | 'rejected', reason?: string): Promise<User> {
  const user = await requireDoctor(ctx, userId);
  if (user.doctor.approval !== 'pending') throw new ConflictError(`This doctor was already ${user.doctor.approval}.`);
  const work = new UnitOfWork(ctx.db);
  const saved = stageUserChange(work, user, { doctor: { ...user.doctor, approval: decision, rejectionReason: reason } });
  // An approval commits only while the specialty is offered: a retirement under way refuses it.
  if (decision === 'approved') work.stage(specialtyOfferedCheck(ctx.db, user.doctor.specialty), () => new ConflictError(RETIRED_SPECIALTY));
  await notify(ctx, [decisionNotice(user, decision, reason)], work);
  return saved;
}

export function decisionNotice(doctor: User, decision: 'approved' | 'rejected', reason?: string): Notification {
  const approved = decision === 'approved';
  return newNotification({
    event: `doctor.${decision}`,
    userId: doctor.id,
    inbox: approved
      ? { title: 'Doctor account approved', body: 'Your doctor account is approved: your dashboard is ready.', link: '/doctor' }
      : { title: 'Registration not approved', body: 'Your registration as a doctor was not approved. Your page shows the reason.', link: '/doctor' },
    email: {
      to: doctor.email,
      subject: approved ? 'Your MedTrack doctor account is approved' : 'About your MedTrack doctor registration',
      template: approved ? 'doctor-approved' : 'doctor-rejected',
      data: { name: doctor.lastName, reason },
    },
  });
}

/**
 * The id comes from the name, so adding the same hospital twice is a conflict, not a duplicate; a
 * name that leaves nothing for an id is a ValidationError on the name.
 */
export async function addHospital(ctx: Ctx, input: HospitalInput): Promise<void> {
  await createHospital(ctx.db, { id: keyForName(input.name), ...input });
}

export async function addSpecialty(ctx: Ctx, input: SpecialtyInput): Promise<void> {
  await createSpecialty(ctx.db, { slug: keyForName(input.name), ...input });
}

/** Creates a verified admin (the create-admin CLI); invalid or taken details come back as field errors. */
export async function createAdminAccount(
  ctx: Pick<Deps, 'db' | 'config'>,
  input: Record<string, string | undefined>,
): Promise<{ ok: true; user: User } | { ok: false; errors: FieldErrors }> {
  const form = parseForm(createAdminSchema(ctx.config.defaultCountry), input);
  if (!form.ok) return form;
  const { password, ...details } = form.data;
  try {
    const passwordHash = await hashPassword(password, ctx.config.bcryptCost);
    const user = await createUser(ctx.db, { id: randomUUID(), role: 'admin', ...details, passwordHash, emailVerified: true });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof DuplicateAccountError) return { ok: false, errors: { [error.field]: error.message } };
    throw error;
  }
}
