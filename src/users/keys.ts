/** Every key of the users table is built here. */
import { searchAttributes } from './search-keys';
import type { DoctorApproval, Role, User } from './types';

export const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' });
export const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'UNIQUE' });
export const phoneKey = (phone: string) => ({ pk: `PHONE#${phone}`, sk: 'UNIQUE' });
export const tokenKey = (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' });
export const phoneCodeKey = (userId: string) => ({ pk: `PHONECODE#${userId}`, sk: 'PHONECODE' });
/** How many approved, active doctors a specialty has (bookable.ts). */
export const bookableCountKey = (specialty: string) => ({ pk: `BOOKABLE#${specialty}`, sk: 'COUNT' });
export const revokedSessionKey = (sidHash: string) => ({ pk: `REVOKED#${sidHash}`, sk: 'REVOKED' });

export const roleIndexKey = (role: Role) => `ROLE#${role}`;
export const doctorStatusIndexKey = (approval: DoctorApproval) => `DOCTOR#${approval}`;
export const specialtyIndexKey = (specialty: string) => `SPECIALTY#${specialty}`;

const nameSortKey = (user: Pick<User, 'id' | 'firstName' | 'lastName'>) =>
  `${user.lastName.toLowerCase()}#${user.firstName.toLowerCase()}#${user.id}`;

/** The index attributes a user item carries; the specialty index lists only bookable doctors; the search keys (search-keys.ts). */
export function userIndexAttributes(user: User): Record<string, string | undefined> {
  const bookable = user.role === 'doctor' && user.status === 'active' && user.doctor?.approval === 'approved';
  return {
    gsi1pk: roleIndexKey(user.role),
    gsi1sk: nameSortKey(user),
    gsi2pk: user.doctor ? doctorStatusIndexKey(user.doctor.approval) : undefined,
    gsi2sk: user.doctor ? `${user.createdAt}#${user.id}` : undefined,
    gsi3pk: bookable ? specialtyIndexKey(user.doctor!.specialty) : undefined,
    gsi3sk: bookable ? nameSortKey(user) : undefined,
    ...searchAttributes(user),
  };
}
