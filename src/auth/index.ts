/** Accounts and sessions: the door other features use. */
export { authRoutes } from './routes';
export { loadSessionUser, homeFor } from './session';
export { hashPassword } from './passwords';
export { emailField, nameField, passwordField, phoneField } from './schemas';
