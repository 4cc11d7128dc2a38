/** Lots by hand (a delivery from another bank, the seed) and discarding one with a reason. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { NotFoundError, ValidationError } from '../../platform/http/errors';
import { settingsOf } from '../config';
import type { BloodGroup, Component, Lot, LotStatus } from '../types';
import { expiryOf, todayIn } from './expiry';
import { StockChanges } from './aggregate';
import { getLot, stageLotTransition, stageNewLot } from './lots';

export type StockCtx = Pick<Deps, 'db' | 'config'>;

export interface NewLot {
  group: BloodGroup;
  component: Component;
  units: number;
  bagNumber: string;
  collectedOn: string;
  /** Given, or from the component's shelf life. */
  expiresOn?: string;
  donationId?: string;
  status?: Extract<LotStatus, 'quarantined' | 'available'>;
}

/** The lot as it will be stored (not yet written). */
export function newLot(ctx: StockCtx, input: NewLot): Lot {
  return {
    id: randomUUID(),
    group: input.group,
    component: input.component,
    units: input.units,
    initialUnits: input.units,
    bagNumber: input.bagNumber.toUpperCase(),
    collectedOn: input.collectedOn,
    expiresOn: input.expiresOn ?? expiryOf(input.component, input.collectedOn, settingsOf(ctx.config).shelfLifeDays),
    donationId: input.donationId,
    status: input.status ?? 'quarantined',
    createdAt: new Date().toISOString(),
    version: 1,
  };
}

/** Adds one lot with its stock counts; ConflictError for a bag number already used. */
export async function addLot(ctx: StockCtx, input: NewLot): Promise<Lot> {
  const lot = newLot(ctx, input);
  const work = new UnitOfWork(ctx.db);
  const stock = new StockChanges();
  stageNewLot(work, lot, stock);
  stock.stageInto(work);
  await work.commit();
  return lot;
}

/** Takes a lot off the shelf for good, with the officer's reason. */
export async function discardLot(ctx: StockCtx, lotId: string, reason: string): Promise<Lot> {
  const lot = await getLot(ctx.db, lotId);
  if (!lot) throw new NotFoundError('We could not find that lot.');
  if (!['quarantined', 'available', 'reserved'].includes(lot.status)) throw new ValidationError({ reason: `This lot is ${lot.status} already; only a lot on the shelf can be discarded.` });
  const after: Lot = { ...lot, status: 'discarded', reason, reservedFor: undefined, releaseBy: undefined };
  const work = new UnitOfWork(ctx.db);
  const stock = new StockChanges();
  stageLotTransition(work, lot, after, stock);
  stock.stageInto(work);
  await work.commit();
  return after;
}

export const todayOf = (ctx: StockCtx) => todayIn(ctx.config.timeZone);
