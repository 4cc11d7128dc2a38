/**
 * Every key of the bloodbank table, built here and nowhere else. Index attributes are set only
 * while an item belongs in that list (sparse indexes), so each list is a Query that reads no
 * item it does not show.
 */
import type { BloodGroup, Component, Donation, Lot, LotStatus, BloodRequest } from './types';

export const lotKey = (id: string) => ({ pk: `LOT#${id}`, sk: 'LOT' });
export const bagClaimKey = (bagNumber: string) => ({ pk: `BAG#${bagNumber.toUpperCase()}`, sk: 'BAG' });
export const donorKey = (id: string) => ({ pk: `DONOR#${id}`, sk: 'DONOR' });
export const donorPhoneKey = (phone: string) => ({ pk: `DONORPHONE#${phone}`, sk: 'DONOR' });
export const donationKey = (id: string) => ({ pk: `DONATION#${id}`, sk: 'DONATION' });
export const requestKey = (id: string) => ({ pk: `REQUEST#${id}`, sk: 'REQUEST' });
/** One item per group × component: units available, quarantined and reserved. */
export const STOCK_PK = 'STOCK';
export const stockKey = (group: BloodGroup, component: Component) => ({ pk: STOCK_PK, sk: `${group}#${component}` });
/** One item per day (hospital time): units collected and issued. */
export const FLOW_PK = 'FLOW';
export const flowKey = (day: string) => ({ pk: FLOW_PK, sk: day });
/** One item per alert condition: open while it holds, so it is sent once. */
export const ALERT_PK = 'ALERT';
export const alertKey = (condition: string) => ({ pk: ALERT_PK, sk: condition });
/** "Your donation helped" at most once per donation per day. */
export const helpedKey = (donationId: string, day: string) => ({ pk: `HELPED#${donationId}`, sk: day });

export const fefoPartition = (group: BloodGroup, component: Component) => `AVAIL#${group}#${component}`;
export const SHELF = 'SHELF';
export const RESERVED = 'RESERVED';
export const lotStatusPartition = (status: LotStatus) => `LOTS#${status}`;
export const donationQueue = (queue: 'awaiting' | 'follow-up' | 'done') => `DONATIONS#${queue}`;
export const requestStatusPartition = (status: BloodRequest['status']) => `REQUESTS#${status}`;
export const donorPartition = (donorId: string) => `DONOR#${donorId}`;
/** Whole-blood donations sort under WB#, so the last one is a Query with begins_with and Limit 1. */
export const donorSortKey = (d: Pick<Donation, 'kind' | 'collectedOn' | 'id'>) => `${d.kind === 'whole-blood' ? 'WB' : 'AP'}#${d.collectedOn}#${d.id}`;

const ON_SHELF: LotStatus[] = ['quarantined', 'available', 'reserved'];

/** The lot as stored: its own key and the index attributes its status puts it under. */
export function lotItem(lot: Lot): Record<string, unknown> {
  const byExpiry = `${lot.expiresOn}#${lot.id}`;
  return {
    ...lotKey(lot.id),
    ...lot,
    ...(lot.status === 'available' && lot.units > 0 ? { gsi1pk: fefoPartition(lot.group, lot.component), gsi1sk: byExpiry } : {}),
    ...(ON_SHELF.includes(lot.status) ? { gsi2pk: SHELF, gsi2sk: byExpiry } : {}),
    ...(lot.donationId ? { gsi3pk: `DONATION#${lot.donationId}`, gsi3sk: lot.id } : {}),
    gsi4pk: lotStatusPartition(lot.status),
    gsi4sk: `${lot.group}#${lot.component}#${byExpiry}`,
    ...(lot.status === 'reserved' && lot.releaseBy ? { gsi6pk: RESERVED, gsi6sk: `${lot.releaseBy}#${lot.id}` } : {}),
  };
}

export function donationItem(d: Donation): Record<string, unknown> {
  const queue = d.screening === 'awaiting' ? 'awaiting' : d.followUp?.open ? 'follow-up' : 'done';
  return { ...donationKey(d.id), ...d, gsi4pk: donationQueue(queue), gsi4sk: `${d.collectedOn}#${d.id}`, gsi5pk: donorPartition(d.donorId), gsi5sk: donorSortKey(d) };
}

export function requestItem(r: BloodRequest): Record<string, unknown> {
  const rank = { emergency: 0, urgent: 1, routine: 2 }[r.urgency];
  return { ...requestKey(r.id), ...r, gsi4pk: requestStatusPartition(r.status), gsi4sk: r.status === 'open' ? `${rank}#${r.createdAt}#${r.id}` : `${r.createdAt}#${r.id}` };
}

const INDEX_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'gsi6pk', 'gsi6sk'];

/** The stored item without its keys: the domain object. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const rest = { ...item };
  for (const key of INDEX_ATTRIBUTES) delete rest[key];
  return rest as T;
}
