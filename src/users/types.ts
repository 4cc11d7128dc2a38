import type { Role } from '../platform/http/guards';

export { ROLES, type Role } from '../platform/http/guards';

export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;

/** What a patient tells their doctors about their health: free text, one item a line. */
export interface HealthDetails {
  allergies: string[];
  conditions: string[];
  medicines: string[];
}

/** Whom the hospital calls if the patient cannot speak for themselves. */
export interface EmergencyContact {
  name: string;
  relationship: string;
  phone: string;
}

export type AccountStatus = 'active' | 'inactive';
export type DoctorApproval = 'pending' | 'approved' | 'rejected';

export interface DoctorProfile {
  specialty: string;
  hospitalId: string;
  qualifications: string;
  yearsOfExperience: number;
  consultationFee: number;
  /** The medical council registration, printed on prescriptions; absent for accounts made before it was asked. */
  registrationNumber?: string;
  approval: DoctorApproval;
  rejectionReason?: string;
  /** What the doctor tells patients about themselves, shown on the directory (doctor-profile/). */
  bio?: string;
  languages?: string[];
  photo?: DoctorPhoto;
}

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The doctor's photo as stored in the bucket; `id` names the object, so a new photo gets a new URL. */
export interface DoctorPhoto {
  id: string;
  contentType: (typeof PHOTO_TYPES)[number];
  bytes: number;
  uploadedAt: string;
}

export interface User {
  id: string;
  role: Role;
  status: AccountStatus;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  /**
   * Whether a code sent to the phone proved it; only then is the number claimed (unique), used for
   * log-in and sent appointment texts. Absent on accounts made before verification existed: those
   * hold the claim already and count as verified.
   */
  phoneVerified?: boolean;
  passwordHash: string;
  emailVerified: boolean;
  dateOfBirth?: string;
  gender?: (typeof GENDERS)[number];
  bloodGroup?: (typeof BLOOD_GROUPS)[number];
  doctor?: DoctorProfile;
  /** A patient's postal address, as they write it (several lines). */
  address?: string;
  /** Shown only to doctors who have a visit with the patient. PHI: never logged, mailed or texted. */
  health?: HealthDetails;
  emergencyContact?: EmergencyContact;
  /** Appointment texts by SMS; absent means yes. Account and security e-mails always go. */
  smsNotifications?: boolean;
  /** When the user turned on two-step sign-in (src/auth/mfa holds the secret); absent when off. */
  mfaEnabledAt?: string;
  /** Bumped to end every session of the user (password change, deactivation). */
  sessionEpoch: number;
  version: number;
  createdAt: string;
}

export const isPhoneVerified = (user: Pick<User, 'phoneVerified'>): boolean => user.phoneVerified !== false;

/** Appointment texts go only to a verified number, and only if the user wants them. */
export const wantsSms = (user: Pick<User, 'smsNotifications' | 'phoneVerified'>): boolean => user.smsNotifications !== false && isPhoneVerified(user);

export type NewUser = Omit<User, 'status' | 'sessionEpoch' | 'version' | 'createdAt'>;

export function fullName(user: Pick<User, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`;
}
