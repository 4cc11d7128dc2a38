/** Provider analytics: the door app.ts, the job schedule and the seed use. */
export { analyticsRoutes } from './routes';
export { refreshAnalytics, type AnalyticsRun } from './job';
/** For the bench: a year of aggregates written without a year of visits. */
export { storeDays } from './job';
export type { Aggregate } from './aggregate';
