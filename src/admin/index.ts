export { adminRoutes } from './routes';
export { createAdminAccount } from './service';
