export const ROLES = ['patient', 'doctor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;

export type AccountStatus = 'active' | 'inactive';
export type DoctorApproval = 'pending' | 'approved' | 'rejected';

export interface DoctorProfile {
  specialty: string;
  hospitalId: string;
  qualifications: string;
  yearsOfExperience: number;
  consultationFee: number;
  approval: DoctorApproval;
  rejectionReason?: string;
}

export interface User {
  id: string;
  role: Role;
  status: AccountStatus;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  passwordHash: string;
  emailVerified: boolean;
  dateOfBirth?: string;
  gender?: (typeof GENDERS)[number];
  bloodGroup?: (typeof BLOOD_GROUPS)[number];
  doctor?: DoctorProfile;
  /** Appointment texts by SMS; absent means yes. Account and security e-mails always go. */
  smsNotifications?: boolean;
  /** Bumped to end every session of the user (password change, deactivation). */
  sessionEpoch: number;
  version: number;
  createdAt: string;
}

export const wantsSms = (user: Pick<User, 'smsNotifications'>): boolean => user.smsNotifications !== false;

export type NewUser = Omit<User, 'status' | 'sessionEpoch' | 'version' | 'createdAt'>;

export function fullName(user: Pick<User, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`;
}
