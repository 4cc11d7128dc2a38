/** Accounts: the door other features use. */
export * from './types';
export {
  createUser,
  userCreation,
  duplicateAccountIn,
  userSave,
  ACCOUNT_CHANGED,
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
export { newToken, consumeToken, hashToken, type TokenPurpose } from './tokens';
