/** What the admin jobs page shows: each scheduled job, when it runs, and how its latest runs went. */
import type { Deps } from '../deps';
import { describeCron } from './cron-phrase';
import { isLeaseHeld } from './lease';
import { listRecentRuns, type JobRun } from './runs';
import { cronOf, JOBS } from './schedule';

export interface RunView extends Omit<JobRun, 'outcome'> {
  /** 'interrupted': recorded as running, but nobody holds the job's lease any more. */
  outcome: JobRun['outcome'] | 'interrupted';
  duration?: string;
  summaryText?: string;
}

export interface JobView {
  name: string;
  cron: string;
  phrase: string;
  running: boolean;
  runs: RunView[];
}

/** Every job with its schedule and its latest runs (one Query per job, newest first). */
export async function jobOverview(deps: Deps): Promise<JobView[]> {
  return Promise.all(
    JOBS.map(async (job) => {
      const [runs, running] = await Promise.all([listRecentRuns(deps.db, job.name), isLeaseHeld(deps.db, job.name)]);
      const cron = cronOf(job, deps.config);
      return { name: job.name, cron, phrase: describeCron(cron), running, runs: runs.map((run) => presentRun(run, running)) };
    }),
  );
}

function presentRun(run: JobRun, leaseHeld: boolean): RunView {
  // DynamoDB keeps no order of a map's keys; sorted, a job's counts always read the same way.
  const summary = Object.entries(run.summary ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return {
    ...run,
    outcome: run.outcome === 'running' && !leaseHeld ? 'interrupted' : run.outcome,
    duration: run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : undefined,
    summaryText: summary.length ? summary.map(([key, value]) => `${key}: ${value}`).join(' · ') : undefined,
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
