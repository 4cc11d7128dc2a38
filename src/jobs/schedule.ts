/**
 * The in-process schedule (node-cron). Each run first takes the job's lease in DynamoDB, so with
 * several processes or instances every run happens once.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps';
import { assignWaitlist } from '../appointments';
import { runExclusively } from './lease';

interface Job {
  name: string;
  cron: string;
  /** Longer than a run can take; a crashed holder blocks the job at most this long. */
  leaseMs: number;
  run: (deps: Deps) => Promise<unknown>;
}

export const JOBS: Job[] = [{ name: 'waitlist-assigner', cron: '* * * * *', leaseMs: 55_000, run: (deps) => assignWaitlist(deps) }];

/** Every 5 seconds (node-cron's optional seconds field): what a kick missed goes out soon anyway. */
const OUTBOX_SWEEP = '*/5 * * * * *';

export function startJobs(deps: Deps): { stop(): void } {
  const tasks: ScheduledTask[] = JOBS.map((job) =>
    cron.schedule(job.cron, async () => {
      try {
        let outcome: unknown;
        const ran = await runExclusively(deps.db, job.name, job.leaseMs, async () => {
          outcome = await job.run(deps);
        });
        if (ran) deps.logger.info({ job: job.name, outcome }, 'job ran');
      } catch (error) {
        deps.logger.error({ err: error, job: job.name }, 'job failed');
      }
    }, { timezone: deps.config.timeZone }),
  );
  // Every process sweeps the outbox: items are claimed one by one, so no lease is needed here.
  tasks.push(cron.schedule(OUTBOX_SWEEP, () => void deps.outbox.drain()));
  return { stop: () => tasks.forEach((task) => task.stop()) };
}
