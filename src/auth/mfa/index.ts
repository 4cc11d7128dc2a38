/** Two-step sign-in and sign-in history, as the rest of auth uses them (other features use auth/index.ts). */
export { mfaRoutes } from './routes';
export { requireTwoStepEnrolment } from './gate';
export { afterPassword, noteSignIn } from './sign-in';
export { resetMfa } from './admin-reset';
export { enrolTotp, mfaRequired, mayUseMfa } from './service';
export { listSignIns, SIGN_IN_WORDS, type SignIn, type SignInOutcome, type SignInPage } from './sign-ins';
