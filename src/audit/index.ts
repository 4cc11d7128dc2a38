/** The audit trail: the door other features use to record each access to medical data. */
export { audited, recordAccess, actorOf, PUBLIC_ACTOR, AuditUnavailableError, type AuditDeps, type AccessEvent } from './record';
export type { AuditEvent, AuditOutcome, AuditTarget, AuditActor, AuditOrigin } from './event';
export { queryEvents, type AuditFilter } from './repository';
export { verifyChain, verifyAllChains, type ChainReport, type ChainBreak } from './verify';
export { checkAuditChains, type AuditCheckReport } from './check-job';
export { archiveAuditDays, type AuditArchiveOptions } from './archive-job';
export { auditRoutes } from './routes';
