/** Provider analytics: the door app.ts, the job schedule and the seed use. */
export { analyticsRoutes } from './routes';
export { refreshAnalytics, type AnalyticsRun } from './job';
