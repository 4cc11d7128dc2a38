/**
 * An audit event: who (user id and role), did what (action) to which resource of which patient,
 * when, from where (client IP, request id) and with what outcome. Ids and words only, never a value
 * of the record (no names, diagnoses, medicines): T-AUD-01 in RELIABILITY.md.
 */
import { createHash } from 'node:crypto';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/** What was touched, named by the caller: e.g. { action: 'view', resourceType: 'visit', resourceId, patientId }. */
export interface AuditTarget {
  action: string;
  resourceType: string;
  resourceId: string;
  /** The patient whose data it is; absent when a refused request never learnt it (another doctor's visit). */
  patientId?: string;
}

export interface AuditActor {
  userId: string;
  role: string;
}

/** Where the request came from: pino-http's request id, the proxy-resolved client IP, a hash of the user agent. */
export interface AuditOrigin {
  requestId: string;
  clientIp: string;
  userAgentHash?: string;
}

export interface AuditFacts extends AuditTarget, AuditOrigin {
  eventId: string;
  ts: string;
  actorUserId: string;
  actorRole: string;
  outcome: AuditOutcome;
}

/** A stored event: the facts, its place in its chain and the hashes that link the chain. */
export interface AuditEvent extends AuditFacts {
  chainId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** The prevHash of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** A chain per patient; a refusal that never learnt the patient goes on the actor's own chain. */
export function chainIdOf(facts: Pick<AuditFacts, 'patientId' | 'actorUserId'>): string {
  return facts.patientId ? `patient:${facts.patientId}` : `actor:${facts.actorUserId}`;
}

/** JSON with keys sorted at every level: the same event always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const HASHED_FIELDS = [
  'eventId', 'ts', 'actorUserId', 'actorRole', 'action', 'resourceType', 'resourceId', 'patientId',
  'outcome', 'requestId', 'clientIp', 'userAgentHash', 'chainId', 'seq', 'prevHash',
] as const;

/** SHA-256 (hex) of the canonical JSON of every field of the event but its own hash. */
export function hashOf(event: Omit<AuditEvent, 'hash'> | AuditEvent): string {
  const fields = Object.fromEntries(HASHED_FIELDS.map((name) => [name, event[name]]));
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** Control characters (a forged "new line" of a log) stored escaped, and a bound on length. */
export function cleanText(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  return text.slice(0, max).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const sha256Prefix = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
