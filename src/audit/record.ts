/**
 * The door other features use: `audited` wraps one read or write of medical data so it writes
 * exactly one audit event, whatever happens, and fails closed: when the event cannot be written,
 * the caller gets a 503 and none of the data.
 */
import type { Request } from 'express';
import { ulid } from 'ulid';
import type { Db } from '../platform/db/client';
import { HttpError, ServiceUnavailableError } from '../platform/http/errors';
import type { Logger } from '../platform/logger';
import { cleanText, sha256Prefix, type AuditActor, type AuditEvent, type AuditOrigin, type AuditOutcome, type AuditTarget } from './event';
import { appendEvent } from './repository';

export interface AuditDeps {
  db: Db;
  logger: Logger;
}

export interface AccessEvent extends AuditTarget {
  actor: AuditActor;
  origin: AuditOrigin;
  outcome: AuditOutcome;
}

export class AuditUnavailableError extends ServiceUnavailableError {
  constructor() {
    super('MedTrack could not record this access to medical records, so it was not shown. Please try again shortly.');
  }
}

/** Writes one event; AuditUnavailableError (503) when it cannot. */
export async function recordAccess(deps: AuditDeps, access: AccessEvent): Promise<AuditEvent> {
  const { actor, origin, outcome, ...target } = access;
  const now = Date.now();
  try {
    return await appendEvent(deps.db, {
      // A ULID: sortable by time, and its time is the event's.
      eventId: ulid(now),
      ts: new Date(now).toISOString(),
      actorUserId: actor.userId,
      actorRole: actor.role,
      action: cleanText(target.action, 40),
      resourceType: cleanText(target.resourceType, 40),
      resourceId: cleanText(target.resourceId),
      patientId: target.patientId && cleanText(target.patientId),
      outcome,
      requestId: cleanText(origin.requestId, 100),
      clientIp: cleanText(origin.clientIp, 64),
      userAgentHash: origin.userAgentHash,
    });
  } catch (error) {
    deps.logger.error({ err: error, action: target.action, resourceType: target.resourceType }, 'audit write failed');
    throw new AuditUnavailableError();
  }
}

/** The actor of a request with no log-in, such as a pharmacy opening a prescription's signed link. */
export const PUBLIC_ACTOR: AuditActor = { userId: 'public', role: 'public' };

/** Who asks and from where (pino-http sets req.id; `trust proxy` resolves req.ip). */
export function actorOf(req: Request): { actor: AuditActor; origin: AuditOrigin } {
  const user = req.user;
  const agent = req.get('user-agent');
  return {
    actor: user ? { userId: user.id, role: user.role } : PUBLIC_ACTOR,
    origin: { requestId: String(req.id ?? ''), clientIp: req.ip ?? '', userAgentHash: agent ? sha256Prefix(agent) : undefined },
  };
}

/** 403/404 are refusals; any other error is a failure. */
function outcomeOf(error: unknown): AuditOutcome {
  return error instanceof HttpError && (error.status === 403 || error.status === 404) ? 'denied' : 'failed';
}

/**
 * Runs `access` (the read or write) and records one event for it: allowed, denied or failed. The
 * result is returned only after its event is stored. `target.patientId` may be a function of the
 * result, for reads that learn the patient from what they load.
 */
export async function audited<T>(
  deps: AuditDeps,
  req: Request,
  target: Omit<AuditTarget, 'patientId'> & { patientId?: string | ((result: T) => string | undefined) },
  access: () => Promise<T>,
): Promise<T> {
  const who = actorOf(req);
  const fixedPatient = typeof target.patientId === 'function' ? undefined : target.patientId;
  let result: T;
  try {
    result = await access();
  } catch (error) {
    await recordAccess(deps, { ...target, patientId: fixedPatient, ...who, outcome: outcomeOf(error) });
    throw error;
  }
  const patientId = typeof target.patientId === 'function' ? target.patientId(result) : fixedPatient;
  await recordAccess(deps, { ...target, patientId, ...who, outcome: 'allowed' });
  return result;
}
