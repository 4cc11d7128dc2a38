export interface Hospital {
  id: string;
  name: string;
  city: string;
  address: string;
  phone: string;
  /** The hospital's place in a published national ranking, if it has one (1 is best). */
  ranking?: number;
  beds?: number;
  /** Slugs of the specialties it has a department for. */
  departments?: string[];
  /** Bumped by every edit; absent on hospitals never edited (read as 0). */
  version?: number;
}

export interface Specialty {
  slug: string;
  /** The display name; renaming changes only this, so doctors and visits keep the slug. */
  name: string;
  description: string;
  /** When an admin retired it: no longer offered for booking or doctor registration. */
  retiredAt?: string;
  version?: number;
}

/** Whether patients may book it and doctors register in it. */
export const isOffered = (specialty: Pick<Specialty, 'retiredAt'>) => !specialty.retiredAt;
