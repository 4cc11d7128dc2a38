/**
 * Chain heads anchored outside the table. A chain proves nothing about its own end: delete its
 * newest events, or all of it, and what is left still verifies. So each day's archive manifest
 * records every chain's head (place and hash), and the check compares the table with the newest
 * anchor: a chain shorter than its anchor, one gone, or one whose anchored event has another hash
 * is a break.
 */
import type { Db } from '../platform/db/client';
import type { AnchoredHead } from './archive-store';
import { chainHead, chainRange } from './repository';
import { listedChainIds, type ChainBreak } from './verify';

/** What the table holds now at an anchored head: nothing wrong, or the break. */
async function compareWithAnchor(db: Db, anchor: AnchoredHead): Promise<ChainBreak | undefined> {
  const [atAnchor] = await chainRange(db, anchor.chainId, anchor.seq, anchor.seq);
  if (atAnchor) return atAnchor.hash === anchor.hash ? undefined : { chainId: anchor.chainId, seq: anchor.seq, problem: 'rewritten' };
  const head = await chainHead(db, anchor.chainId);
  if (!head) return { chainId: anchor.chainId, seq: anchor.seq, problem: 'deleted' };
  // Later events are there: the place is empty, which the chain walk reports as missing.
  return head.seq < anchor.seq ? { chainId: anchor.chainId, seq: anchor.seq, problem: 'truncated' } : undefined;
}

/** Each anchored chain that lost its end, disappeared or was rewritten at its anchored place. */
export async function checkAnchors(db: Db, anchors: AnchoredHead[]): Promise<ChainBreak[]> {
  const breaks: ChainBreak[] = [];
  for (const anchor of anchors) {
    const found = await compareWithAnchor(db, anchor);
    if (found) breaks.push(found);
  }
  return breaks;
}

/**
 * The heads to anchor now: every listed chain and every chain of the previous anchor. A chain that
 * no longer agrees with its previous anchor keeps that anchor, so its break is reported each day
 * until someone deals with it, instead of being forgotten by the next anchor.
 */
export async function headsToAnchor(db: Db, previous: AnchoredHead[]): Promise<AnchoredHead[]> {
  const before = new Map(previous.map((anchor) => [anchor.chainId, anchor]));
  const chainIds = [...new Set([...(await listedChainIds(db)), ...before.keys()])].sort();
  const heads: AnchoredHead[] = [];
  for (const chainId of chainIds) {
    const old = before.get(chainId);
    if (old && (await compareWithAnchor(db, old))) {
      heads.push(old);
      continue;
    }
    const head = await chainHead(db, chainId);
    if (head) heads.push({ chainId, seq: head.seq, hash: head.hash });
    else if (old) heads.push(old);
  }
  return heads;
}
