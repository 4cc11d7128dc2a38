/**
 * Issuing units for a request: every lot taken from, the stock aggregate, the request's remaining
 * units, the day's flow, the record of which bag went to it and the donors' thanks in ONE
 * transaction, each with its condition (lot units ≥ n and still available, aggregate ≥ n, request
 * still needs ≥ n). Two officers issuing at
 * once can therefore never issue more than exists: the later transaction fails as a whole.
 */
import type { Deps } from '../../deps';
import { withRetry } from '../../platform/db/retry';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { NotFoundError, ValidationError } from '../../platform/http/errors';
import { compatibleDonorGroups } from '../compatibility';
import { settingsOf } from '../config';
import { StockChanges } from '../stock/aggregate';
import { todayIn } from '../stock/expiry';
import { getLot, settleEmptiedLot, stageLotIssue } from '../stock/lots';
import type { Lot } from '../types';
import { AlreadyToldError, stageHelpedNotices } from './helped';
import { stageIssueRecord } from './issue-records';
import { getRequest, settleRequest, stageRequestTake } from './repository';

/** Officers at one shelf collide on the same few items: a little more patience than a page's. */
const ISSUE_RETRY = { attempts: 10, baseMs: 30 };

export type IssueCtx = Pick<Deps, 'db' | 'config'> & Partial<Pick<Deps, 'outbox'>>;

export interface Pick_ {
  lotId: string;
  units: number;
}

/** Issues the picked units for a request on behalf of `by` (the officer); returns the units issued. */
export async function issueUnits(ctx: IssueCtx, requestId: string, picks: Pick_[], { by, now = new Date() }: { by: string; now?: Date }): Promise<{ issued: number; lots: Lot[] }> {
  const request = await getRequest(ctx.db, requestId);
  if (!request) throw new NotFoundError('We could not find that request.');
  if (request.status !== 'open') throw new ValidationError({ form: 'This request is no longer open: nothing more can be issued for it.' });
  const total = picks.reduce((sum, p) => sum + p.units, 0);
  if (!picks.length || total < 1) throw new ValidationError({ form: 'Choose at least one lot to issue from.' });
  if (new Set(picks.map((p) => p.lotId)).size !== picks.length) throw new ValidationError({ form: 'Choose each lot once.' });
  if (total > request.remaining) throw new ValidationError({ form: `This request needs ${request.remaining} more unit${request.remaining === 1 ? '' : 's'}; you chose ${total}.` });
  const compatible = compatibleDonorGroups(request.group, request.component, settingsOf(ctx.config).plateletRule);
  const lots = await Promise.all(picks.map((p) => getLot(ctx.db, p.lotId)));
  lots.forEach((lot, i) => {
    if (!lot) throw new ValidationError({ form: 'One of the chosen lots does not exist any more. Reload the page.' });
    if (lot.component !== request.component || !compatible.includes(lot.group)) throw new ValidationError({ form: `Lot ${lot.bagNumber} (${lot.group}) is not compatible with this request.` });
    const usable = lot.status === 'available' || (lot.status === 'reserved' && lot.reservedFor === request.id);
    if (!usable) throw new ValidationError({ form: `Lot ${lot.bagNumber} is ${lot.status}, not available to issue.` });
    if (lot.units < picks[i].units) throw new ValidationError({ form: `Lot ${lot.bagNumber} has only ${lot.units} unit${lot.units === 1 ? '' : 's'} left.` });
  });
  const found = lots as Lot[];
  const today = todayIn(ctx.config.timeZone, now);
  const commit = async (thank: boolean) => {
    const work = new UnitOfWork(ctx.db);
    const stock = new StockChanges().flow(today, { issued: total });
    found.forEach((lot, i) => {
      stageLotIssue(work, lot, picks[i].units, request.id, stock);
      stageIssueRecord(work, lot, { requestId: request.id, units: picks[i].units, issuedAt: now.toISOString(), issuedBy: by });
    });
    stock.stageInto(work, 'There are not enough units of that group left in stock: someone issued a moment ago. Reload the page and choose again.');
    stageRequestTake(work, request, total);
    const donations = found.flatMap((lot) => (lot.donationId ? [lot.donationId] : []));
    const told = thank ? await stageHelpedNotices(ctx.db, work, donations, today, ctx.config.hospitalName) : 0;
    // Transaction conflicts (another officer's issue on the same lot at this instant) are retried; failed conditions are not.
    await withRetry(() => work.commit(), ISSUE_RETRY);
    if (told) ctx.outbox?.kick();
  };
  try {
    await commit(true);
  } catch (error) {
    // Another issue thanked the same donor a moment ago: issue without a second thank-you.
    if (!(error instanceof AlreadyToldError)) throw error;
    await commit(false);
  }
  await Promise.all([...found.map((lot) => settleEmptiedLot(ctx.db, lot.id)), settleRequest(ctx.db, request)]);
  return { issued: total, lots: found };
}
