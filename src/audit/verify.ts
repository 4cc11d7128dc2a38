/**
 * The verifier: walks each chain from its first event and reports every break: a missing place
 * (deleted event), an event whose hash does not match its content (altered), or a prevHash that
 * does not match the event before (altered or replaced). The end of a chain is checked against
 * its anchor (anchors.ts): truncated, deleted (the whole chain) or rewritten (the anchored event).
 * A job reads broadly; a request never does.
 */
import type { Db } from '../platform/db/client';
import type { StartKey } from '../platform/db/cursor';
import { GENESIS_HASH, hashOf } from './event';
import { chainIdsPage, chainPage } from './repository';

export interface ChainBreak {
  chainId: string;
  seq: number;
  problem: 'missing' | 'altered' | 'unlinked' | 'truncated' | 'deleted' | 'rewritten';
}

export interface ChainReport {
  chains: number;
  events: number;
  breaks: ChainBreak[];
}

export async function verifyChain(db: Db, chainId: string): Promise<{ events: number; breaks: ChainBreak[] }> {
  const breaks: ChainBreak[] = [];
  let [expected, prevHash, events] = [1, GENESIS_HASH, 0];
  let startKey: StartKey | undefined;
  do {
    const page = await chainPage(db, chainId, startKey);
    for (const event of page.events) {
      events++;
      if (event.seq !== expected) breaks.push({ chainId, seq: expected, problem: 'missing' });
      if (hashOf(event) !== event.hash) breaks.push({ chainId, seq: event.seq, problem: 'altered' });
      else if (event.seq === expected && event.prevHash !== prevHash) breaks.push({ chainId, seq: event.seq, problem: 'unlinked' });
      [expected, prevHash] = [event.seq + 1, event.hash];
    }
    startKey = page.next;
  } while (startKey);
  return { events, breaks };
}

/** Every chain id the `chains` index lists (the first event of each chain carries it). */
export async function listedChainIds(db: Db): Promise<string[]> {
  const ids: string[] = [];
  let startKey: StartKey | undefined;
  do {
    const page = await chainIdsPage(db, startKey);
    ids.push(...page.chainIds);
    startKey = page.next;
  } while (startKey);
  return ids;
}

/**
 * Every chain the index lists, plus `alsoChains` (the anchored ones: a chain whose first event
 * was deleted is no longer listed, but its anchor still names it).
 */
export async function verifyAllChains(db: Db, alsoChains: string[] = []): Promise<ChainReport> {
  const report: ChainReport = { chains: 0, events: 0, breaks: [] };
  for (const chainId of new Set([...(await listedChainIds(db)), ...alsoChains])) {
    const checked = await verifyChain(db, chainId);
    report.chains++;
    report.events += checked.events;
    report.breaks.push(...checked.breaks);
  }
  return report;
}
