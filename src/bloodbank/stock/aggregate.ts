/**
 * The stock aggregate: one item per group × component with units available, quarantined and
 * reserved, changed only with ADD in the same transaction as the lots (conditions keep each
 * count at zero or above), so the dashboard reads 40 items whatever the number of lots.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../platform/db/client';
import { ConflictError } from '../../platform/http/errors';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { FLOW_PK, STOCK_PK, flowKey, stockKey } from '../keys';
import { BLOOD_GROUPS, COMPONENTS, type BloodGroup, type Component, type StockCell } from '../types';

export type StockCount = 'available' | 'quarantined' | 'reserved';
export type StockChange = Partial<Record<StockCount, number>>;

/** Default low-stock thresholds (red-cell units per group) when no configuration is at hand. */
export const DEFAULT_THRESHOLDS: Record<BloodGroup, number> = { 'A+': 10, 'A-': 4, 'B+': 10, 'B-': 4, 'AB+': 4, 'AB-': 2, 'O+': 12, 'O-': 6 };
/** The components a patient needing "blood" is given: what low stock is measured in. */
export const RED_CELL_COMPONENTS: readonly Component[] = ['whole-blood', 'red-cells'];

/**
 * Stages ADDs on one cell's counts. A decrease is conditional on the count holding at least that
 * many units, so two officers at once can never take the aggregate below zero.
 */
export function stageStockChange(work: UnitOfWork, group: BloodGroup, component: Component, change: StockChange, message = 'There are not enough units left in stock for that.'): void {
  const entries = Object.entries(change).filter(([, n]) => n !== 0) as [StockCount, number][];
  if (!entries.length) return;
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const conditions: string[] = [];
  entries.forEach(([count, n], i) => {
    names[`#c${i}`] = count;
    values[`:n${i}`] = n;
    if (n < 0) {
      values[`:need${i}`] = -n;
      conditions.push(`#c${i} >= :need${i}`);
    }
  });
  work.stage(
    {
      Update: {
        TableName: work.db.tables.bloodbank,
        Key: stockKey(group, component),
        UpdateExpression: `SET #g = :g, #comp = :comp ADD ${entries.map((_, i) => `#c${i} :n${i}`).join(', ')}`,
        ConditionExpression: conditions.length ? conditions.join(' AND ') : undefined,
        ExpressionAttributeNames: { ...names, '#g': 'group', '#comp': 'component' },
        ExpressionAttributeValues: { ...values, ':g': group, ':comp': component },
      },
    },
    () => new ConflictError(message),
  );
}

/**
 * The stock and flow changes of one transaction, summed per item: DynamoDB refuses a transaction
 * that names an item twice (two bags of one donation, two lots of one cell in an issue).
 */
export class StockChanges {
  readonly #cells = new Map<string, { group: BloodGroup; component: Component; change: StockChange }>();
  readonly #flows = new Map<string, { collected?: number; issued?: number }>();

  add(group: BloodGroup, component: Component, change: StockChange): this {
    const cell = this.#cells.get(`${group}#${component}`) ?? { group, component, change: {} };
    for (const [count, n] of Object.entries(change) as [StockCount, number][]) cell.change[count] = (cell.change[count] ?? 0) + n;
    this.#cells.set(`${group}#${component}`, cell);
    return this;
  }

  flow(day: string, change: { collected?: number; issued?: number }): this {
    const flow = this.#flows.get(day) ?? {};
    if (change.collected) flow.collected = (flow.collected ?? 0) + change.collected;
    if (change.issued) flow.issued = (flow.issued ?? 0) + change.issued;
    this.#flows.set(day, flow);
    return this;
  }

  /** Stages one conditional ADD per cell and one ADD per day; `message` is what a failed condition says. */
  stageInto(work: UnitOfWork, message?: string): void {
    for (const { group, component, change } of this.#cells.values()) stageStockChange(work, group, component, change, message);
    for (const [day, change] of this.#flows) stageFlow(work, day, change);
  }
}

/** Stages ADDs on a day's flow item (collected, issued); no condition: these only grow. */
export function stageFlow(work: UnitOfWork, day: string, change: { collected?: number; issued?: number }): void {
  const entries = Object.entries(change).filter(([, n]) => n);
  if (!entries.length) return;
  work.stage({
    Update: {
      TableName: work.db.tables.bloodbank,
      Key: flowKey(day),
      UpdateExpression: `SET #day = :day ADD ${entries.map((_, i) => `#f${i} :f${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#day': 'day', ...Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])) },
      ExpressionAttributeValues: { ':day': day, ...Object.fromEntries(entries.map(([, n], i) => [`:f${i}`, n])) },
    },
  });
}

/** Every cell of the 8 × 5 table (missing cells as zeros): one Query. */
export async function readStock(db: Db): Promise<StockCell[]> {
  const { Items = [] } = await db.doc.send(new QueryCommand({ TableName: db.tables.bloodbank, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': STOCK_PK }, ConsistentRead: true }));
  const bySk = new Map(Items.map((item) => [String(item.sk), item]));
  return BLOOD_GROUPS.flatMap((group) =>
    COMPONENTS.map((component) => {
      const item = bySk.get(`${group}#${component}`);
      return { group, component, available: Number(item?.available ?? 0), quarantined: Number(item?.quarantined ?? 0), reserved: Number(item?.reserved ?? 0) };
    }),
  );
}

/** Red-cell units (whole blood + packed red cells) available per group. */
export function redCellUnitsByGroup(stock: StockCell[]): Record<BloodGroup, number> {
  const totals = Object.fromEntries(BLOOD_GROUPS.map((g) => [g, 0])) as Record<BloodGroup, number>;
  for (const cell of stock) if (RED_CELL_COMPONENTS.includes(cell.component)) totals[cell.group] += cell.available;
  return totals;
}

export type Availability = 'low' | 'ok' | 'good';

/** Below the threshold: low; at least twice it: good; else ok. */
export const availabilityOf = (units: number, threshold: number): Availability => (units < threshold ? 'low' : units >= 2 * threshold ? 'good' : 'ok');

/**
 * Per group, low / ok / good from the stock aggregate (no donor data): for the public page.
 * `thresholds`: config.bloodbank.thresholds (the defaults if not given).
 */
export async function availabilityByGroup(db: Db, thresholds: Record<string, number> = DEFAULT_THRESHOLDS): Promise<Record<BloodGroup, Availability>> {
  const units = redCellUnitsByGroup(await readStock(db));
  return Object.fromEntries(BLOOD_GROUPS.map((g) => [g, availabilityOf(units[g], thresholds[g] ?? DEFAULT_THRESHOLDS[g])])) as Record<BloodGroup, Availability>;
}

/** Collected and issued per day for [from, to] (yyyy-mm-dd): one Query, at most one item a day. */
export async function readFlow(db: Db, from: string, to: string): Promise<Map<string, { collected: number; issued: number }>> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({ TableName: db.tables.bloodbank, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': FLOW_PK, ':from': from, ':to': to } }),
  );
  return new Map(Items.map((item) => [String(item.sk), { collected: Number(item.collected ?? 0), issued: Number(item.issued ?? 0) }]));
}
