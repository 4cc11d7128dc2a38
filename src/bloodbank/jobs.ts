/**
 * The blood bank's scheduled work (src/jobs/schedule.ts runs each under a lease): marking expired
 * lots, releasing reservations past their deadline, and the low-stock and expiry alerts.
 */
import type { Deps } from '../deps';
import { JOB_RETRY, withRetry } from '../platform/db/retry';
import { UnitOfWork } from '../platform/db/unit-of-work';
import { clearAlert, listOpenAlerts, raiseOnce, type Alert } from './alerts';
import { settingsOf } from './config';
import { releaseLot } from './requests/service';
import { readStock, redCellUnitsByGroup, StockChanges } from './stock/aggregate';
import { plusDays, todayIn } from './stock/expiry';
import { getLot, listLotsExpiringBy, listReservationsDue, stageLotTransition } from './stock/lots';
import { BLOOD_GROUPS, COMPONENT_NAMES, type Lot } from './types';

type JobCtx = Pick<Deps, 'db' | 'config' | 'logger'> & Partial<Pick<Deps, 'outbox'>>;

/** Lots on the shelf past their last day become expired, with their stock, one transaction each. */
export async function expireLots(ctx: JobCtx, now = new Date()): Promise<{ expired: number }> {
  const yesterday = plusDays(todayIn(ctx.config.timeZone, now), -1);
  let expired = 0;
  for (;;) {
    const due = await listLotsExpiringBy(ctx.db, yesterday, 50);
    if (!due.length) return { expired };
    for (const seen of due) {
      // Read again: the index may lag, and an issue may have changed the units since.
      const lot = await getLot(ctx.db, seen.id);
      if (!lot || !['quarantined', 'available', 'reserved'].includes(lot.status)) continue;
      const work = new UnitOfWork(ctx.db);
      const stock = new StockChanges();
      stageLotTransition(work, lot, { ...lot, status: 'expired', reason: 'Past its expiry date', reservedFor: undefined, releaseBy: undefined }, stock);
      stock.stageInto(work);
      await withRetry(() => work.commit(), JOB_RETRY);
      expired += 1;
    }
  }
}

/** Reserved lots whose deadline passed go back on the shelf. */
export async function releaseDueReservations(ctx: JobCtx, now = new Date()): Promise<{ released: number }> {
  let released = 0;
  for (const seen of await listReservationsDue(ctx.db, now.toISOString())) {
    const lot = await getLot(ctx.db, seen.id);
    if (lot?.status !== 'reserved' || !lot.releaseBy || lot.releaseBy > now.toISOString()) continue;
    await releaseLot(ctx, lot);
    released += 1;
  }
  return { released };
}

const lotLine = (lot: Lot) => `${lot.group} ${COMPONENT_NAMES[lot.component]}, bag ${lot.bagNumber}, ${lot.units} unit${lot.units === 1 ? '' : 's'}, expires ${lot.expiresOn}`;

/** Raises each alert whose condition holds (once) and clears those that no longer hold (re-arming them). */
export async function checkBloodAlerts(ctx: JobCtx, now = new Date()): Promise<{ raised: number; cleared: number }> {
  const { thresholds, expiryAlertDays } = settingsOf(ctx.config);
  const today = todayIn(ctx.config.timeZone, now);
  const [stock, expiring, open] = await Promise.all([readStock(ctx.db), listLotsExpiringBy(ctx.db, plusDays(today, expiryAlertDays), 90), listOpenAlerts(ctx.db)]);
  const units = redCellUnitsByGroup(stock);
  const holding = new Map<string, Alert>();
  for (const g of BLOOD_GROUPS) {
    if (units[g] < thresholds[g]) {
      holding.set(`low#${g}`, { subject: `Blood stock low: ${g}`, text: `${g} red-cell units available: ${units[g]}, below the threshold of ${thresholds[g]}.`, path: '/admin/blood-bank' });
    }
  }
  for (const lot of expiring.filter((l) => l.status === 'available' || l.status === 'reserved')) {
    holding.set(`expiring#${lot.id}`, { subject: `Blood lot expires soon: ${lot.group}`, text: `${lotLine(lot)} (within ${expiryAlertDays} days).`, path: `/admin/blood-bank/lots/${lot.id}` });
  }
  let raised = 0;
  let cleared = 0;
  const isOpen = new Set(open.map((a) => a.condition));
  const notifyCtx = { ...ctx, publicUrl: ctx.config.publicUrl };
  for (const [condition, alert] of holding) {
    if (!isOpen.has(condition) && (await raiseOnce(notifyCtx, condition, alert, now))) raised += 1;
  }
  for (const alert of open) if (!holding.has(alert.condition) && (await clearAlert(ctx.db, alert.condition))) cleared += 1;
  return { raised, cleared };
}
