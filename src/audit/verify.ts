/**
 * The verifier: walks each chain from its first event and reports every break: a missing place
 * (deleted event), an event whose hash does not match its content (altered), or a prevHash that
 * does not match the event before (altered or replaced). A job reads broadly; a request never does.
 */
import type { Db } from '../platform/db/client';
import type { StartKey } from '../platform/db/cursor';
import { GENESIS_HASH, hashOf } from './event';
import { chainIdsPage, chainPage } from './repository';

export interface ChainBreak {
  chainId: string;
  seq: number;
  problem: 'missing' | 'altered' | 'unlinked';
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

/** Every chain listed by the `chains` index, one after another. */
export async function verifyAllChains(db: Db): Promise<ChainReport> {
  const report: ChainReport = { chains: 0, events: 0, breaks: [] };
  let startKey: StartKey | undefined;
  do {
    const page = await chainIdsPage(db, startKey);
    for (const chainId of page.chainIds) {
      const checked = await verifyChain(db, chainId);
      report.chains++;
      report.events += checked.events;
      report.breaks.push(...checked.breaks);
    }
    startKey = page.next;
  } while (startKey);
  return report;
}
