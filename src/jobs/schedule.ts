/**
 * The in-process schedule (node-cron). Each run first takes the job's lease in DynamoDB, so with
 * several processes or instances every run happens once, and is recorded in the jobs table.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { refreshAnalytics } from '../analytics';
import { archiveAppointments } from '../archive';
import { backupAllTables } from '../backups';
import { assignWaitlist, sendDueReminders } from '../appointments';
import { archiveAuditDays, checkAuditChains } from '../audit';
import { sendDueDonationReminders } from '../donation-booking';
import { purgeDeletedFiles } from '../records';
import { checkBloodAlerts, expireLots, releaseDueReservations } from '../bloodbank';
import { startRun } from './runner';

export interface Job {
  name: string;
  /** Fixed, or read from config when the operator may change it. */
  cron: string | ((config: Config) => string);
  /** Renewed while the job runs; a crashed holder blocks the job at most this long. */
  leaseMs: number;
  run: (deps: Deps) => Promise<unknown>;
}

export const JOBS: Job[] = [
  { name: 'waitlist-assigner', cron: '* * * * *', leaseMs: 55_000, run: (deps) => assignWaitlist(deps) },
  { name: 'appointment-reminders', cron: '* * * * *', leaseMs: 55_000, run: async (deps) => ({ visits: await sendDueReminders(deps), donations: await sendDueDonationReminders(deps) }) },
  { name: 'archive', cron: (config) => config.archive.cron, leaseMs: 60_000, run: (deps) => archiveAppointments(deps) },
  // Deleted vault files past their undo days lose their S3 object, after the archival.
  { name: 'vault-purge', cron: (config) => config.archive.cron, leaseMs: 60_000, run: (deps) => purgeDeletedFiles(deps) },
  { name: 'backup', cron: (config) => config.backupCron, leaseMs: 60_000, run: (deps) => backupAllTables(deps) },
  { name: 'audit-chain-check', cron: '30 3 * * *', leaseMs: 60_000, run: (deps) => checkAuditChains(deps) },
  // After the check, so the check compares the table with yesterday's anchor before a new one is taken.
  { name: 'audit-archive', cron: '45 3 * * *', leaseMs: 60_000, run: (deps) => archiveAuditDays(deps) },
  // Hourly: today's numbers so far and yesterday's final ones; missed days are caught up.
  { name: 'analytics', cron: '20 * * * *', leaseMs: 60_000, run: (deps) => refreshAnalytics(deps) },
  // Blood bank: expired lots just after midnight; reservations past their deadline and the stock alerts often.
  { name: 'blood-expiry', cron: '5 0 * * *', leaseMs: 60_000, run: (deps) => expireLots(deps) },
  { name: 'blood-reservations', cron: '*/10 * * * *', leaseMs: 55_000, run: (deps) => releaseDueReservations(deps) },
  { name: 'blood-alerts', cron: '*/15 * * * *', leaseMs: 55_000, run: (deps) => checkBloodAlerts(deps) },
];

/** Every 5 seconds (node-cron's optional seconds field): what a kick missed goes out soon anyway. */
const OUTBOX_SWEEP = '*/5 * * * * *';

export const cronOf = (job: Job, config: Config): string => (typeof job.cron === 'string' ? job.cron : job.cron(config));

export const findJob = (name: string): Job | undefined => JOBS.find((job) => job.name === name);

/** stop() ends the schedule and resolves once runs in progress have finished and let go of their leases. */
export function startJobs(deps: Deps): { stop(): Promise<void> } {
  const inProgress = new Set<Promise<unknown>>();
  const track = (run: Promise<unknown>) => {
    inProgress.add(run);
    void run.finally(() => inProgress.delete(run));
  };
  const runScheduled = async (job: Job) => {
    try {
      await (await startRun(deps, job, () => job.run(deps), 'schedule'))?.finished;
    } catch (error) {
      deps.logger.error({ err: error, job: job.name }, 'job failed');
    }
  };
  const tasks: ScheduledTask[] = JOBS.map((job) =>
    cron.schedule(cronOf(job, deps.config), () => track(runScheduled(job)), { timezone: deps.config.timeZone }),
  );
  // Every process sweeps the outbox: items are claimed one by one, so no lease is needed here.
  tasks.push(cron.schedule(OUTBOX_SWEEP, () => void deps.outbox.drain()));
  return {
    async stop() {
      tasks.forEach((task) => task.stop());
      await Promise.allSettled([...inProgress]);
    },
  };
}
