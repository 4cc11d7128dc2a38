/** Accounts and sessions: the door other features use. */
export { authRoutes } from './routes';
export { loadSessionUser, homeFor } from './session';
// Until appointments/ and archive/ import the guards from platform/http/guards, as every other feature does.
export { requireApprovedDoctor, requireRole, requireVerifiedEmail } from '../platform/http/guards';
export { hashPassword } from './passwords';
export { emailField, nameField, passwordField, phoneField } from './schemas';
