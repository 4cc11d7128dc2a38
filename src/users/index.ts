/** Accounts: the door other features use. */
export * from './types';
export {
  createUser,
  getUserById,
  getUserByEmail,
  getUserByPhone,
  saveUser,
  listUsersByRole,
  listDoctorsByApproval,
  listBookableDoctorsBySpecialty,
  allPages,
  revokeSession,
  getSessionUser,
  DuplicateAccountError,
  type Page,
} from './repository';
export { issueToken, consumeToken, hashToken, type TokenPurpose } from './tokens';
