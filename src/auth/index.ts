/** Accounts and sessions: the door other features use. */
export { authRoutes } from './routes';
export { loadSessionUser, homeFor } from './session';
export { hashPassword } from './passwords';
export { dateOfBirthField, emailField, nameField, optionalBloodGroup, passwordField, phoneField } from './schemas';
export { requireTwoStepEnrolment, resetMfa, enrolTotp, listSignIns, SIGN_IN_WORDS, type SignIn, type SignInOutcome, type SignInPage } from './mfa';
