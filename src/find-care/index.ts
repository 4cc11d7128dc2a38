export { findCareRoutes } from './routes';
