/** The daily chain check: verifies every chain and tells staff about any break (ids and places only, no PHI). */
import type { Db } from '../platform/db/client';
import type { Logger } from '../platform/logger';
import { verifyAllChains, type ChainReport } from './verify';

const SHOWN_BREAKS = 20;

export async function checkAuditChains(deps: { db: Db; logger: Logger; alerts: { raise(subject: string, message: string): Promise<void> } }): Promise<ChainReport> {
  const report = await verifyAllChains(deps.db);
  deps.logger.info({ chains: report.chains, events: report.events, breaks: report.breaks.length }, 'audit chains checked');
  if (report.breaks.length) {
    const lines = report.breaks.slice(0, SHOWN_BREAKS).map((b) => `${b.chainId} at event ${b.seq}: ${b.problem}`);
    const more = report.breaks.length > SHOWN_BREAKS ? [`…and ${report.breaks.length - SHOWN_BREAKS} more.`] : [];
    await deps.alerts.raise(
      'Audit trail: tampering or loss detected',
      [`The daily audit check found ${report.breaks.length} break(s) in ${report.chains} chain(s):`, ...lines, ...more].join('\n'),
    );
  }
  return report;
}
