/** Hospitals and specialties: the door other features use. */
export * from './types';
export * from './repository';
