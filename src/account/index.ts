/** The account page: the door other features use. */
export { accountRoutes } from './routes';
