/** Requests: made for a patient, proposed lots (FEFO, compatible only), reserved, cancelled. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps';
import { UnitOfWork } from '../../platform/db/unit-of-work';
import { NotFoundError, ValidationError } from '../../platform/http/errors';
import { compatibleDonorGroups } from '../compatibility';
import { settingsOf } from '../config';
import { StockChanges } from '../stock/aggregate';
import { listAvailableLots, getLot, stageLotTransition } from '../stock/lots';
import type { BloodGroup, BloodRequest, Component, Lot, Urgency } from '../types';
import { getRequest, stageNewRequest, stageRequestStatus, stageReservedLots } from './repository';
import { proposeLots } from './selection';

export type RequestCtx = Pick<Deps, 'db' | 'config'>;

export interface NewRequest {
  patientId: string;
  group: BloodGroup;
  component: Component;
  units: number;
  urgency: Urgency;
  forProcedure?: string;
  procedureOn?: string;
}

export async function createRequest(ctx: RequestCtx, officerId: string, input: NewRequest): Promise<BloodRequest> {
  const request: BloodRequest = { id: randomUUID(), ...input, remaining: input.units, status: 'open', createdBy: officerId, createdAt: new Date().toISOString(), version: 1 };
  const work = new UnitOfWork(ctx.db);
  stageNewRequest(work, request);
  await work.commit();
  return request;
}

export async function requestOrNotFound(ctx: RequestCtx, id: string) {
  const request = await getRequest(ctx.db, id);
  if (!request) throw new NotFoundError('We could not find that request.');
  return request;
}

/** Every available compatible lot (up to 20 per group), and the FEFO proposal among them. */
export async function fillPlan(ctx: RequestCtx, request: BloodRequest & { reservedLotIds: string[] }) {
  const groups = compatibleDonorGroups(request.group, request.component, settingsOf(ctx.config).plateletRule);
  const candidates = (await Promise.all(groups.map((g) => listAvailableLots(ctx.db, g, request.component)))).flat();
  const reserved = (await Promise.all(request.reservedLotIds.map((id) => getLot(ctx.db, id)))).filter((lot): lot is Lot => lot?.status === 'reserved' && lot.reservedFor === request.id && lot.units > 0);
  // Lots held for this request come first: that is what they were put aside for.
  const fromReserved = proposeLots(request.group, request.remaining, reserved);
  const rest = proposeLots(request.group, fromReserved.shortBy, candidates);
  const proposals = [...fromReserved.proposals.map((p) => ({ ...p, reason: `Reserved for this request, ${p.reason.charAt(0).toLowerCase()}${p.reason.slice(1)}` })), ...rest.proposals];
  return { groups, candidates, reserved, proposals, shortBy: rest.shortBy };
}

/** Puts the proposed lots aside for the request until `releaseBy` (ISO instant); the release job returns them. */
export async function reserveForRequest(ctx: RequestCtx, requestId: string, releaseBy: string): Promise<Lot[]> {
  const request = await requestOrNotFound(ctx, requestId);
  if (request.status !== 'open') throw new ValidationError({ releaseBy: 'This request is no longer open.' });
  if (releaseBy <= new Date().toISOString()) throw new ValidationError({ releaseBy: 'The release time must be in the future.' });
  const plan = await fillPlan(ctx, request);
  const lots = plan.proposals.filter((p) => p.lot.status === 'available').map((p) => p.lot);
  if (!lots.length) throw new ValidationError({ releaseBy: 'There are no compatible lots available to reserve.' });
  const work = new UnitOfWork(ctx.db);
  const stock = new StockChanges();
  for (const lot of lots) stageLotTransition(work, lot, { ...lot, status: 'reserved', reservedFor: request.id, releaseBy }, stock);
  stock.stageInto(work);
  stageReservedLots(work, request.id, lots.map((l) => l.id), 'ADD');
  await work.commit();
  return lots;
}

/** Returns a reserved lot to the shelf (the job, or a cancelled request). */
export async function releaseLot(ctx: RequestCtx, lot: Lot): Promise<void> {
  const work = new UnitOfWork(ctx.db);
  const stock = new StockChanges();
  stageLotTransition(work, lot, { ...lot, status: lot.units > 0 ? 'available' : 'issued', reservedFor: undefined, releaseBy: undefined }, stock);
  stock.stageInto(work);
  if (lot.reservedFor) stageReservedLots(work, lot.reservedFor, [lot.id], 'DELETE');
  await work.commit();
}

/** Cancels an open request and returns its reserved lots to the shelf. */
export async function cancelRequest(ctx: RequestCtx, requestId: string): Promise<void> {
  const request = await requestOrNotFound(ctx, requestId);
  if (request.status !== 'open') throw new ValidationError({ form: 'This request is no longer open.' });
  const work = new UnitOfWork(ctx.db);
  stageRequestStatus(work, request, 'cancelled');
  await work.commit();
  const reserved = (await Promise.all(request.reservedLotIds.map((id) => getLot(ctx.db, id)))).filter((lot): lot is Lot => lot?.status === 'reserved' && lot.reservedFor === request.id);
  for (const lot of reserved) await releaseLot(ctx, lot);
}
