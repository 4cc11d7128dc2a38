/**
 * Prometheus metrics (prom-client). Each process serves its own on a loopback port of its own
 * (MEDTRACK_METRICS_PORT + pm2's instance number): a scraper then sees every process of a cluster,
 * where the shared app port would hand it whichever process is next. Nothing here is reachable
 * through nginx. Built once per process by server.ts (or a test) and handed round in Deps.
 */
import http from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Booking requests by outcome (booked, replayed, slot-taken, waitlisted, unavailable, ...). */
  bookingOutcomes: Counter<'outcome'>;
  /** Scheduled job runs this process carried out, by job and outcome. */
  jobRuns: Counter<'job' | 'outcome'>;
  /** Times every request; static files and unknown paths share one label each. */
  measureRequests(req: Request, res: Response, next: NextFunction): void;
  /** Read at scrape time; every process reports the same shared backlog. */
  trackOutboxBacklog(count: () => Promise<number>): void;
  /** The /metrics listener of this process, on loopback. */
  serve(port: number): Promise<http.Server>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds (and its percentiles), heap and GC figures.
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'medtrack_http_request_duration_seconds',
    help: 'Time to answer a request, by route pattern (never the raw path: ids would explode the series).',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    bookingOutcomes: new Counter({
      name: 'medtrack_booking_outcomes_total',
      help: 'Booking requests by outcome (booked, replayed, slot-taken, waitlisted, unavailable, ...).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'medtrack_job_runs_total',
      help: 'Scheduled job runs this process carried out, by job and outcome.',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    measureRequests(req, res, next) {
      const end = requestDuration.startTimer();
      res.once('finish', () => {
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? 'not-found' : 'other';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    },
    trackOutboxBacklog: (count) => trackBacklog(registry, count),
    serve: (port) => serveMetrics(registry, port),
  };
}

function trackBacklog(registry: Registry, count: () => Promise<number>): void {
  registry.removeSingleMetric('medtrack_outbox_backlog');
  new Gauge({
    name: 'medtrack_outbox_backlog',
    help: 'Notifications with something left to send (capped count).',
    registers: [registry],
    async collect() {
      this.set(await count());
    },
  });
}

function serveMetrics(registry: Registry, port: number): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await registry.metrics();
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(body);
    } catch {
      res.writeHead(503).end('metrics unavailable\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
