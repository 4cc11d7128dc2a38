/** Scheduled jobs: the door server.ts, app.ts and the run-now scripts use. */
export { jobRoutes } from './routes';
export { findJob, startJobs, type Job } from './schedule';
export { startRun, type RunnerDeps } from './runner';
