/** One run of a job: under its lease (renewed while it runs), recorded from start to outcome. */
import type { Deps } from '../deps';
import { acquireLease, holdWhile } from './lease';
import { errorMessage, recordRunEnd, recordRunStart, summaryOf, type JobRun, type RunResult, type RunTrigger } from './runs';

/** A run-now script has no alerts to raise and no metrics to count in. */
export type RunnerDeps = Pick<Deps, 'db' | 'logger'> & Partial<Pick<Deps, 'alerts' | 'metrics'>>;

export interface RunnableJob {
  name: string;
  leaseMs: number;
}

export interface StartedRun {
  run: JobRun;
  /** Settles (never rejects) once the run is recorded as finished. */
  finished: Promise<JobRun>;
}

/**
 * Takes the job's lease and records the run's start, then runs `work`; undefined when another
 * process holds the lease (the job is running there). The record is completed before the lease is
 * let go, so the next run never sees this one as still running.
 */
export async function startRun(deps: RunnerDeps, job: RunnableJob, work: () => Promise<unknown>, trigger: RunTrigger, requestedBy?: string): Promise<StartedRun | undefined> {
  const lease = await acquireLease(deps.db, job.name, job.leaseMs);
  if (!lease) return undefined;
  let run: JobRun;
  try {
    run = await recordRunStart(deps.db, job.name, trigger, requestedBy);
  } catch (error) {
    await lease.release();
    throw error;
  }
  let recorded = run;
  const finished = holdWhile(lease, async () => (recorded = await runAndRecord(deps, job, run, work))).catch((error) => {
    deps.logger.warn({ err: error, job: job.name, runId: run.runId }, 'job lease not released; it expires by itself');
    return recorded;
  });
  return { run, finished };
}

async function runAndRecord(deps: RunnerDeps, job: RunnableJob, run: JobRun, work: () => Promise<unknown>): Promise<JobRun> {
  let result: RunResult;
  try {
    result = { outcome: 'ok', summary: summaryOf(await work()) };
    deps.logger.info({ job: job.name, runId: run.runId, summary: result.summary }, 'job ran');
  } catch (error) {
    result = { outcome: 'failed', error: errorMessage(error) };
    deps.logger.error({ err: error, job: job.name, runId: run.runId }, 'job failed');
    await deps.alerts?.raise(`Job failed: ${job.name}`, `Run ${run.runId} of the ${job.name} job failed. Its error is on /admin/jobs.`);
  }
  deps.metrics?.jobRuns.inc({ job: job.name, outcome: result.outcome });
  try {
    return await recordRunEnd(deps.db, run, result);
  } catch (error) {
    // The run itself is over; its record says 'running' until the admin page sees no lease held.
    deps.logger.error({ err: error, job: job.name, runId: run.runId }, 'job run not recorded');
    return { ...run, ...result };
  }
}
