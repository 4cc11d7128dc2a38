/** Doctors' public profiles: the door other features (and app.ts) use. */
export { doctorProfileRoutes, DOCTOR_PROFILE_UPLOADS } from './routes';
export { PHOTO_FOLDER } from './photos';
