/** HTTP for the analytics pages: read the range, load its aggregates, render or send CSV. */
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { Deps } from '../deps';
import { ValidationError } from '../platform/http/errors';
import { formValues, parseForm } from '../platform/validation';
import { toCsv } from './csv';
import { rangeSchema, resolveRange, type RangeInput } from './range';
import { loadRange } from './reports/data';
import { fairnessReport } from './reports/fairness';
import { flowReport } from './reports/flow';
import type { Report } from './reports/report';
import { workloadReport } from './reports/workload';
import type { RangeData } from './reports/data';

export const PAGES = {
  workload: { title: 'Workload per doctor', tab: 'Workload', build: workloadReport },
  fairness: { title: 'Fairness of "any doctor" booking', tab: 'Fairness', build: fairnessReport },
  flow: { title: 'Patient flow and no-shows', tab: 'Patient flow', build: flowReport },
} as const;
export type PageName = keyof typeof PAGES;

export function analyticsHandlers(deps: Deps) {
  /** The range asked for, or the page re-rendered with 422 and the field's message (undefined). */
  async function readRange(req: Request, res: Response, view: string, page: object): Promise<{ input: RangeInput; data: RangeData } | undefined> {
    const today = DateTime.now().setZone(deps.config.timeZone).toISODate()!;
    const query = parseForm(rangeSchema(today), req.query);
    if (!query.ok) {
      res.status(422).render(view, { ...page, values: formValues(req.query), errors: query.errors, pages: PAGES });
      return undefined;
    }
    return { input: query.data, data: await loadRange(deps, resolveRange(query.data)) };
  }

  return {
    async home(req: Request, res: Response) {
      const page = { title: 'Provider analytics', current: 'home' };
      const read = await readRange(req, res, 'analytics/home', page);
      if (!read) return;
      const reports = Object.fromEntries(Object.entries(PAGES).map(([name, p]) => [name, p.build(read.data)])) as Record<PageName, Report>;
      res.render('analytics/home', { ...page, values: { from: read.data.range.from, to: read.data.range.to }, errors: {}, pages: PAGES, data: read.data, reports });
    },

    report: (name: PageName) => async (req: Request, res: Response) => {
      const page = { title: PAGES[name].title, current: name };
      const read = await readRange(req, res, 'analytics/report', page);
      if (!read) return;
      const { range } = read.data;
      const report = PAGES[name].build(read.data);
      if (read.input.format === 'csv') {
        const table = report.tables.find((t) => t.id === (read.input.table ?? report.tables[0].id));
        if (!table) throw new ValidationError({ table: 'Choose a table from the page' });
        res.type('text/csv; charset=utf-8').attachment(`medtrack-${name}-${table.id}-${range.from}-to-${range.to}.csv`).send(toCsv(table.columns, table.rows));
        return;
      }
      res.render('analytics/report', { ...page, values: { from: range.from, to: range.to }, errors: {}, pages: PAGES, data: read.data, report });
    },
  };
}
