/** The demo hospital: directory, an admin, approved and pending doctors, verified patients. */
import type { WeeklyPlan } from '../appointments';
import type { Hospital, Specialty } from '../directory';

export const DEMO_DOCTOR_PASSWORD = 'doctor-local-only';
export const DEMO_PATIENT_PASSWORD = 'patient-local-only';

export const hospitals: Hospital[] = [
  { id: 'city-general-hospital', name: 'City General Hospital', city: 'Bengaluru', address: '12 MG Road, Bengaluru 560001', phone: '+918040001000', ranking: 14, beds: 450, departments: ['cardiology', 'dermatology', 'general-medicine', 'neurology', 'orthopedics', 'pediatrics'] },
  { id: 'riverside-medical-centre', name: 'Riverside Medical Centre', city: 'Pune', address: '88 Koregaon Park, Pune 411001', phone: '+912066002000', beds: 180, departments: ['cardiology', 'dermatology', 'general-medicine', 'orthopedics'] },
];

export const specialties: Specialty[] = [
  { slug: 'cardiology', name: 'Cardiology', description: 'Heart and blood vessels: chest pain, blood pressure, palpitations.' },
  { slug: 'dermatology', name: 'Dermatology', description: 'Skin, hair and nails: rashes, acne, eczema, moles.' },
  { slug: 'orthopedics', name: 'Orthopedics', description: 'Bones, joints and muscles: fractures, back pain, sports injuries.' },
  { slug: 'pediatrics', name: 'Pediatrics', description: 'Care for babies, children and teenagers.' },
  { slug: 'general-medicine', name: 'General Medicine', description: 'First stop for fevers, infections and everyday illness.' },
  { slug: 'neurology', name: 'Neurology', description: 'Brain and nerves: headaches, seizures, numbness.' },
];

interface DemoDoctor {
  firstName: string;
  lastName: string;
  gender: 'female' | 'male';
  specialty: string;
  hospitalId: string;
  qualifications: string;
  yearsOfExperience: number;
  consultationFee: number;
  /** The medical council registration printed on prescriptions. */
  registrationNumber: string;
}

export const approvedDoctors: DemoDoctor[] = [
  { firstName: 'Ananya', lastName: 'Rao', gender: 'female', specialty: 'cardiology', hospitalId: 'city-general-hospital', qualifications: 'MBBS, MD, DM (Cardiology)', yearsOfExperience: 14, consultationFee: 900, registrationNumber: 'MMC/2009/40350' },
  { firstName: 'Vikram', lastName: 'Mehta', gender: 'male', specialty: 'cardiology', hospitalId: 'riverside-medical-centre', qualifications: 'MBBS, MD, DNB (Cardiology)', yearsOfExperience: 9, consultationFee: 800, registrationNumber: 'MMC/2010/40487' },
  { firstName: 'Farah', lastName: 'Khan', gender: 'female', specialty: 'cardiology', hospitalId: 'city-general-hospital', qualifications: 'MBBS, MD (Medicine), DM (Cardiology)', yearsOfExperience: 6, consultationFee: 700, registrationNumber: 'MMC/2011/40624' },
  { firstName: 'Priya', lastName: 'Nair', gender: 'female', specialty: 'dermatology', hospitalId: 'city-general-hospital', qualifications: 'MBBS, MD (Dermatology)', yearsOfExperience: 11, consultationFee: 600, registrationNumber: 'MMC/2012/40761' },
  { firstName: 'Arjun', lastName: 'Kapoor', gender: 'male', specialty: 'dermatology', hospitalId: 'riverside-medical-centre', qualifications: 'MBBS, DVD', yearsOfExperience: 5, consultationFee: 500, registrationNumber: 'MMC/2013/40898' },
  { firstName: 'Rohan', lastName: 'Desai', gender: 'male', specialty: 'orthopedics', hospitalId: 'riverside-medical-centre', qualifications: 'MBBS, MS (Orthopaedics)', yearsOfExperience: 17, consultationFee: 1000, registrationNumber: 'MMC/2014/41035' },
  { firstName: 'Kavya', lastName: 'Iyer', gender: 'female', specialty: 'orthopedics', hospitalId: 'city-general-hospital', qualifications: 'MBBS, DNB (Orthopaedics)', yearsOfExperience: 8, consultationFee: 850, registrationNumber: 'MMC/2015/41172' },
  { firstName: 'Sneha', lastName: 'Kulkarni', gender: 'female', specialty: 'pediatrics', hospitalId: 'riverside-medical-centre', qualifications: 'MBBS, MD (Paediatrics)', yearsOfExperience: 12, consultationFee: 600, registrationNumber: 'MMC/2016/41309' },
  { firstName: 'Aditya', lastName: 'Bose', gender: 'male', specialty: 'pediatrics', hospitalId: 'city-general-hospital', qualifications: 'MBBS, DCH, DNB (Paediatrics)', yearsOfExperience: 7, consultationFee: 550, registrationNumber: 'MMC/2017/41446' },
  { firstName: 'Meera', lastName: 'Pillai', gender: 'female', specialty: 'general-medicine', hospitalId: 'city-general-hospital', qualifications: 'MBBS, MD (General Medicine)', yearsOfExperience: 15, consultationFee: 400, registrationNumber: 'MMC/2018/41583' },
  { firstName: 'Sameer', lastName: 'Joshi', gender: 'male', specialty: 'general-medicine', hospitalId: 'riverside-medical-centre', qualifications: 'MBBS, DNB (Family Medicine)', yearsOfExperience: 4, consultationFee: 350, registrationNumber: 'MMC/2019/41720' },
  { firstName: 'Nikhil', lastName: 'Verma', gender: 'male', specialty: 'neurology', hospitalId: 'city-general-hospital', qualifications: 'MBBS, MD, DM (Neurology)', yearsOfExperience: 13, consultationFee: 1100, registrationNumber: 'MMC/2020/41857' },
  { firstName: 'Lakshmi', lastName: 'Menon', gender: 'female', specialty: 'neurology', hospitalId: 'riverside-medical-centre', qualifications: 'MBBS, DNB (Neurology)', yearsOfExperience: 10, consultationFee: 950, registrationNumber: 'MMC/2021/41994' },
];

export const pendingDoctor: DemoDoctor = {
  firstName: 'Imran', lastName: 'Siddiqui', gender: 'male', specialty: 'general-medicine', hospitalId: 'riverside-medical-centre', qualifications: 'MBBS', yearsOfExperience: 2, consultationFee: 300, registrationNumber: 'MMC/2022/42131',
};

export const patients = [
  {
    firstName: 'Asha', lastName: 'Patel', gender: 'female' as const, dateOfBirth: '1988-04-12', bloodGroup: 'B+' as const,
    address: '41 Residency Road\nBengaluru 560025',
    health: { allergies: ['Penicillin (rash)'], conditions: ['Mild asthma'], medicines: ['Salbutamol inhaler when needed'] },
    emergencyContact: { name: 'Nikhil Patel', relationship: 'Husband', phone: '+919845011122' },
  },
  { firstName: 'Rahul', lastName: 'Sharma', gender: 'male' as const, dateOfBirth: '1975-11-03', bloodGroup: 'O+' as const },
  { firstName: 'Divya', lastName: 'Reddy', gender: 'female' as const, dateOfBirth: '2001-07-25', bloodGroup: 'A-' as const },
];

export const emailFor = (person: { firstName: string; lastName: string }, prefix = '') =>
  `${prefix}${person.firstName}.${person.lastName}@medtrack.local`.toLowerCase();

const morningAndAfternoon = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '17:00' }];

/** What the approved doctors tell patients about themselves, in the order of approvedDoctors. */
export const doctorIntroductions: { bio: string; languages: string[] }[] = [
  { bio: 'I look after hearts of all ages, with a special interest in preventing a second heart attack.', languages: ['English', 'Kannada', 'Telugu'] },
  { bio: 'Interventional cardiologist. I explain every test before we do it.', languages: ['English', 'Hindi', 'Marathi'] },
  { bio: 'Heart rhythm problems and high blood pressure in young adults.', languages: ['English', 'Hindi', 'Urdu'] },
  { bio: 'Skin, hair and nail problems, from eczema in children to acne in adults.', languages: ['English', 'Malayalam', 'Tamil'] },
  { bio: 'General dermatology and allergy testing.', languages: ['English', 'Hindi', 'Punjabi'] },
  { bio: 'Knee and hip replacement surgeon; I try everything else first.', languages: ['English', 'Marathi', 'Gujarati'] },
  { bio: 'Sports injuries and back pain. Bring your running shoes.', languages: ['English', 'Tamil', 'Kannada'] },
  { bio: 'Children from newborns to teenagers; vaccinations and growth checks.', languages: ['English', 'Marathi', 'Hindi'] },
  { bio: 'Childhood asthma and allergies.', languages: ['English', 'Bengali', 'Hindi'] },
  { bio: 'Family doctor for fevers, infections, diabetes and blood pressure.', languages: ['English', 'Malayalam', 'Kannada'] },
  { bio: 'Everyday illness and long-term care for the whole family.', languages: ['English', 'Hindi', 'Marathi'] },
  { bio: 'Headaches, epilepsy and stroke prevention.', languages: ['English', 'Hindi'] },
  { bio: 'Nerve and muscle disorders, memory clinics.', languages: ['English', 'Malayalam', 'Tamil'] },
];

/** Realistic weeks: most doctors Monday to Friday with a lunch break, some Saturday mornings or evening clinics. */
export const weeklyPlans: WeeklyPlan[] = [
  { slotMinutes: 20, days: { 1: morningAndAfternoon, 2: morningAndAfternoon, 3: morningAndAfternoon, 4: morningAndAfternoon, 5: morningAndAfternoon } },
  { slotMinutes: 15, days: { 1: morningAndAfternoon, 2: morningAndAfternoon, 4: morningAndAfternoon, 5: morningAndAfternoon, 6: [{ start: '09:00', end: '12:00' }] } },
  { slotMinutes: 30, days: { 2: [{ start: '10:00', end: '13:00' }, { start: '17:00', end: '20:00' }], 3: morningAndAfternoon, 5: morningAndAfternoon, 6: [{ start: '10:00', end: '13:00' }] } },
];
