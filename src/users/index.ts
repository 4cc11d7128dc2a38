/** Accounts: the door other features use. */
export * from './types';
export {
  createUser,
  userCreation,
  duplicateAccountIn,
  userUpdate,
  ACCOUNT_CHANGED,
  getUserById,
  getUserByEmail,
  getUserByPhone,
  updateUser,
  type UserChanges,
  listUsersByRole,
  listDoctorsByApproval,
  listBookableDoctorsBySpecialty,
  allPages,
  revokeSession,
  getSessionUser,
  DuplicateAccountError,
  type Page,
} from './repository';
export { newPhoneCode, checkPhoneCode, MAX_CODE_GUESSES, type PhoneCodeCheck } from './phone-codes';
export { newToken, consumeToken, hashToken, type TokenPurpose } from './tokens';
