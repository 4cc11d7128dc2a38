/** The blood bank's dashboard: stock per group × component, what expires soon, 30 days of flow, open alerts. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps';
import { listOpenAlerts } from '../alerts';
import { settingsOf } from '../config';
import { readFlow, readStock, redCellUnitsByGroup, availabilityOf } from '../stock/aggregate';
import { plusDays, todayIn } from '../stock/expiry';
import { listLotsExpiringBy } from '../stock/lots';
import { BLOOD_GROUPS } from '../types';
import { words } from './common';

export async function dashboard(deps: Deps, _req: Request, res: Response) {
  const today = todayIn(deps.config.timeZone);
  const from = plusDays(today, -29);
  const [stock, expiring, flow, alerts] = await Promise.all([readStock(deps.db), listLotsExpiringBy(deps.db, plusDays(today, 3), 100), readFlow(deps.db, from, today), listOpenAlerts(deps.db)]);
  const days = Array.from({ length: 30 }, (_, i) => plusDays(from, i));
  const chart = {
    labels: days.map((d) => DateTime.fromISO(d).toFormat('d LLL')),
    collected: days.map((d) => flow.get(d)?.collected ?? 0),
    issued: days.map((d) => flow.get(d)?.issued ?? 0),
  };
  const { thresholds } = settingsOf(deps.config);
  const redCells = redCellUnitsByGroup(stock);
  const groups = BLOOD_GROUPS.map((g) => ({ group: g, redCells: redCells[g], threshold: thresholds[g], level: availabilityOf(redCells[g], thresholds[g]) }));
  res.render('bloodbank/dashboard', {
    title: 'Blood bank',
    ...words,
    stock: (g: string, c: string) => stock.find((cell) => cell.group === g && cell.component === c)!,
    groups,
    expiring,
    today,
    chart: JSON.stringify(chart),
    totals: { collected: chart.collected.reduce((a, b) => a + b, 0), issued: chart.issued.reduce((a, b) => a + b, 0) },
    alerts,
  });
}
