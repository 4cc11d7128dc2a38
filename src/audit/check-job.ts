/**
 * The daily check: verifies every chain, the S3 archive and each chain's end against its anchor,
 * and tells staff about any break (ids, days and places only, no PHI).
 */
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import type { Logger } from '../platform/logger';
import type { Storage } from '../platform/s3';
import { checkAnchors } from './anchors';
import { verifyArchive, type ArchiveBreak } from './archive-check';
import { archiveStoreOf } from './archive-job';
import { verifyAllChains, type ChainBreak } from './verify';

const SHOWN_BREAKS = 20;

export interface CheckDeps {
  db: Db;
  logger: Logger;
  storage: Storage;
  config: Pick<Config, 'mode'>;
  alerts: { raise(subject: string, message: string): Promise<void> };
}

export interface AuditCheckReport {
  chains: number;
  events: number;
  breaks: ChainBreak[];
  archive: { days: number; events: number; breaks: ArchiveBreak[] };
}

const describeBreak = (b: ChainBreak) => `${b.chainId} at event ${b.seq}: ${b.problem}`;
const describeArchiveBreak = (b: ArchiveBreak) => `archive of ${b.day}${b.chainId ? `, ${b.chainId} at event ${b.seq}` : ''}: ${b.problem}`;

export async function checkAuditChains(deps: CheckDeps, options: { archiveRoot?: string } = {}): Promise<AuditCheckReport> {
  const archive = await verifyArchive(deps.db, archiveStoreOf(deps, options.archiveRoot));
  const chains = await verifyAllChains(deps.db, archive.anchors.map((anchor) => anchor.chainId));
  const breaks = [...chains.breaks, ...(await checkAnchors(deps.db, archive.anchors))];
  const report: AuditCheckReport = { chains: chains.chains, events: chains.events, breaks, archive: { days: archive.days, events: archive.events, breaks: archive.breaks } };
  deps.logger.info({ chains: report.chains, events: report.events, breaks: breaks.length, archivedDays: archive.days, archiveBreaks: archive.breaks.length }, 'audit chains checked');
  const lines = [...breaks.map(describeBreak), ...archive.breaks.map(describeArchiveBreak)];
  if (lines.length) {
    const more = lines.length > SHOWN_BREAKS ? [`…and ${lines.length - SHOWN_BREAKS} more.`] : [];
    await deps.alerts.raise(
      'Audit trail: tampering or loss detected',
      [`The daily audit check found ${lines.length} break(s) in ${report.chains} chain(s) and ${archive.days} archived day(s):`, ...lines.slice(0, SHOWN_BREAKS), ...more].join('\n'),
    );
  }
  return report;
}
