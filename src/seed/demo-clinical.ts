/** What the demo hospital's visits were about: reasons, diagnoses and prescriptions per specialty. */
import { createHash } from 'node:crypto';
import type { Appointment, Vitals } from '../appointments';

type Consultation = NonNullable<Appointment['consultation']>;

interface Case {
  reason: string;
  consultation: Consultation;
}

const rx = (drug: string, dose: string, frequency: string, duration: string, instructions?: string) => ({ drug, dose, frequency, duration, instructions });

export const casesBySpecialty: Record<string, Case[]> = {
  cardiology: [
    { reason: 'Chest tightness when climbing stairs', consultation: { diagnosis: 'Stable angina', notes: 'ECG shows no acute change. Stress test booked.', prescription: [rx('Aspirin', '75 mg', 'Once daily', '3 months', 'After food'), rx('Atorvastatin', '20 mg', 'Once daily at night', '3 months')] } },
    { reason: 'High blood pressure readings at home', consultation: { diagnosis: 'Essential hypertension', notes: 'BP 152/94. Reduce salt, walk 30 minutes a day.', prescription: [rx('Amlodipine', '5 mg', 'Once daily', '1 month')] } },
    { reason: 'Racing heartbeat in the evenings', consultation: { diagnosis: 'Palpitations, benign', notes: 'Holter monitor normal. Cut down on coffee.', prescription: [] } },
  ],
  dermatology: [
    { reason: 'Itchy rash on both forearms', consultation: { diagnosis: 'Contact dermatitis', notes: 'Likely a new detergent. Avoid it for two weeks.', prescription: [rx('Mometasone cream', '0.1%', 'Twice daily', '7 days', 'Thin layer on the rash'), rx('Cetirizine', '10 mg', 'At night', '7 days')] } },
    { reason: 'Acne getting worse', consultation: { diagnosis: 'Acne vulgaris, moderate', prescription: [rx('Adapalene gel', '0.1%', 'At night', '8 weeks', 'Pea-sized amount on the whole face')] } },
    { reason: 'A mole that changed colour', consultation: { diagnosis: 'Benign naevus', notes: 'Dermoscopy reassuring. Review in 6 months.', prescription: [] } },
  ],
  orthopedics: [
    { reason: 'Lower back pain for three weeks', consultation: { diagnosis: 'Mechanical low back pain', notes: 'No red flags. Physiotherapy referral.', prescription: [rx('Paracetamol', '650 mg', 'Up to three times daily', '5 days', 'Only when needed')] } },
    { reason: 'Twisted ankle playing football', consultation: { diagnosis: 'Grade 1 ankle sprain', notes: 'Rest, ice, compression, elevation.', prescription: [rx('Ibuprofen', '400 mg', 'Twice daily', '5 days', 'After food')] } },
    { reason: 'Knee pain on stairs', consultation: { diagnosis: 'Early osteoarthritis of the knee', notes: 'Quadriceps exercises shown.', prescription: [rx('Diclofenac gel', '1%', 'Three times daily', '2 weeks')] } },
  ],
  pediatrics: [
    { reason: 'Fever and cough for two days', consultation: { diagnosis: 'Viral upper respiratory infection', notes: 'Fluids and rest. Return if breathing is fast.', prescription: [rx('Paracetamol syrup', '250 mg', 'Every 6 hours if fever', '3 days')] } },
    { reason: 'Routine check and vaccination', consultation: { diagnosis: 'Healthy child, vaccinated', notes: 'Growth on the 60th centile.', prescription: [] } },
    { reason: 'Ear pain at night', consultation: { diagnosis: 'Acute otitis media', prescription: [rx('Amoxicillin syrup', '250 mg', 'Three times daily', '5 days')] } },
  ],
  'general-medicine': [
    { reason: 'Fever and body ache', consultation: { diagnosis: 'Viral fever', notes: 'Dengue test negative.', prescription: [rx('Paracetamol', '650 mg', 'Three times daily', '3 days')] } },
    { reason: 'Burning when passing urine', consultation: { diagnosis: 'Urinary tract infection', prescription: [rx('Nitrofurantoin', '100 mg', 'Twice daily', '5 days', 'Drink plenty of water')] } },
    { reason: 'Feeling tired all the time', consultation: { diagnosis: 'Iron deficiency anaemia', notes: 'Haemoglobin 10.2. Recheck in 3 months.', prescription: [rx('Ferrous sulfate', '200 mg', 'Once daily', '3 months', 'With orange juice, not with tea')] } },
    { reason: 'Follow-up of blood sugar', consultation: { diagnosis: 'Type 2 diabetes, well controlled', notes: 'HbA1c 6.8%.', prescription: [rx('Metformin', '500 mg', 'Twice daily', '3 months', 'With meals')] } },
  ],
  neurology: [
    { reason: 'Headaches twice a week', consultation: { diagnosis: 'Migraine without aura', notes: 'Headache diary started.', prescription: [rx('Sumatriptan', '50 mg', 'At onset, once', 'As needed', 'No more than 2 a day')] } },
    { reason: 'Tingling in both hands at night', consultation: { diagnosis: 'Carpal tunnel syndrome', notes: 'Night splints advised. Nerve conduction study booked.', prescription: [] } },
  ],
};

export const upcomingReasons = ['Follow-up visit', 'Review of test results', 'New symptoms to discuss', 'Repeat prescription', 'Second opinion'];

export const ratingComments = [
  'Listened carefully and explained everything.',
  'Very thorough, and on time.',
  'Kind with my son, he was not scared at all.',
  'Clear advice, feeling much better.',
  undefined,
  undefined,
];

export const cancellationReasons = ['Feeling better', 'Could not get leave from work', 'Travelling that week'];

/** Patients besides the three with published logins: they fill the doctors' days. */
export const otherPatientNames: [string, string, 'female' | 'male'][] = [
  ['Kiran', 'Shetty', 'male'], ['Pooja', 'Gupta', 'female'], ['Manoj', 'Yadav', 'male'], ['Sunita', 'Das', 'female'], ['Harish', 'Kumar', 'male'], ['Neha', 'Agarwal', 'female'],
  ['Ravi', 'Chandran', 'male'], ['Fatima', 'Sheikh', 'female'], ['Deepak', 'Mishra', 'male'], ['Anjali', 'Saxena', 'female'], ['Suresh', 'Pillai', 'male'], ['Geeta', 'Bhat', 'female'],
  ['Abdul', 'Rahman', 'male'], ['Lata', 'Hegde', 'female'], ['Vijay', 'Naidu', 'male'], ['Rekha', 'Jain', 'female'], ['Prakash', 'Rao', 'male'], ['Shalini', 'Ghosh', 'female'],
  ['Tarun', 'Malhotra', 'male'], ['Zoya', 'Mirza', 'female'], ['Gopal', 'Krishnan', 'male'], ['Nandini', 'Sen', 'female'], ['Irfan', 'Qureshi', 'male'], ['Bhavna', 'Thakur', 'female'],
];

/** 0..1 from a text, the same every run (the seed's random sequence is left as it was). */
const unit = (text: string) => createHash('sha256').update(text).digest().readUInt32BE(0) / 0xffffffff;

/** Plausible vitals for a completed demo visit: a baseline per patient, a little change per visit, so the timeline's chart has a story. */
export function demoVitals(patientId: string, start: string): Vitals {
  const base = unit(patientId);
  const wobble = (label: string, spread: number) => (unit(`${patientId}#${start}#${label}`) - 0.5) * spread;
  const systolic = Math.round(112 + base * 30 + wobble('sys', 14));
  return {
    bpSystolic: systolic,
    bpDiastolic: Math.round(systolic * 0.64 + wobble('dia', 6)),
    pulse: Math.round(64 + base * 14 + wobble('pulse', 12)),
    temperatureC: Math.round((36.6 + wobble('temp', 0.8)) * 10) / 10,
    weightKg: Math.round((58 + base * 30 + wobble('weight', 2)) * 10) / 10,
    heightCm: Math.round(155 + base * 25),
    spo2: Math.round(97 + wobble('spo2', 3)),
  };
}
