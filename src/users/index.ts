/** Accounts: the door other features use. */
export * from './types';
export {
  createUser,
  stageNewUser,
  stageUserChange,
  ACCOUNT_CHANGED,
  getUserById,
  getUserByEmail,
  getUserByPhone,
  updateUser,
  type UserChanges,
  revokeSession,
  getSessionUser,
  DuplicateAccountError,
} from './repository';
export { listUsersByRole, listDoctorsByApproval, listBookableDoctorsBySpecialty, hasBookableDoctor, allPages, type Page } from './lists';
export { stagePhoneCode, checkPhoneCode, checkPhoneChangeCode, MAX_CODE_GUESSES, type PhoneCodeCheck, type PhoneChangeCheck } from './phone-codes';
export { stageToken, consumeToken, readToken, stageTokenUse, hashToken, type TokenPurpose, type TokenClaim } from './tokens';
export { stageEmailMove, stagePhoneMove } from './contact';
export { searchUsers, searchPrefix, type UserSearch } from './search';
export { SEARCH_KINDS, type SearchKind } from './search-keys';
export { backfillSearchKeys, backfillBookableCounts } from './backfill';
export { stageNoBookableDoctor } from './bookable';
