/**
 * What patients browse before booking: doctors with ratings and availability, hospitals ranked.
 * A hospital or specialty none of whose doctors is approved and active is "coming soon": listed,
 * never ranked and never offered for booking. Whether one has such a doctor is read from the
 * users' indexes (approved doctors, bookable doctors per specialty), never by a scan.
 */
import type { Deps } from '../deps';
import { doctorRatings, hospitalRatings, nextFreeSlot } from '../appointments';
import { isOffered, listHospitals, listSpecialties, type Hospital, type Specialty } from '../directory';
import { allPages, listDoctorsByApproval, listBookableDoctorsBySpecialty, type User } from '../users';

type Ctx = Pick<Deps, 'db' | 'config'>;

/** Approved doctors whose account is active: the ones patients can book. */
async function activeDoctors(ctx: Ctx): Promise<User[]> {
  return (await allPages((cursor) => listDoctorsByApproval(ctx.db, 'approved', cursor))).filter((d) => d.status === 'active');
}

/** Bookable doctors, filtered by specialty and hospital, with rating and next free slot. */
export async function findDoctors(ctx: Ctx, filters: { specialty?: string; hospital?: string }) {
  const candidates = filters.specialty
    ? await allPages((cursor) => listBookableDoctorsBySpecialty(ctx.db, filters.specialty!, cursor))
    : await activeDoctors(ctx);
  const doctors = candidates.filter((d) => !filters.hospital || d.doctor?.hospitalId === filters.hospital);
  const [ratings, nextSlots, hospitals, specialties] = await Promise.all([
    doctorRatings(ctx.db, doctors.map((d) => d.id)),
    Promise.all(doctors.map((d) => nextFreeSlot(ctx, d.id))),
    listHospitals(ctx.db),
    listSpecialties(ctx.db),
  ]);
  return {
    hospitals,
    specialties,
    comingSoon: comingSoonOf(filters, { candidates, doctors }, { hospital: hospitals.find((h) => h.id === filters.hospital), specialty: specialties.find((s) => s.slug === filters.specialty) }),
    doctors: doctors.map((doctor, i) => ({
      doctor,
      rating: ratings.get(doctor.id),
      nextSlot: nextSlots[i],
      hospitalName: hospitals.find((h) => h.id === doctor.doctor!.hospitalId)?.name ?? '',
      specialtyName: specialties.find((s) => s.slug === doctor.doctor!.specialty)?.name ?? doctor.doctor!.specialty,
    })),
  };
}

/**
 * The name of what the filters chose if it has no bookable doctor yet: a specialty with none, or
 * (filtered alone) a hospital with none. A hospital that has doctors, just none of the specialty,
 * is not "coming soon": nothing matches.
 */
function comingSoonOf(
  filters: { specialty?: string },
  found: { candidates: User[]; doctors: User[] },
  chosen: { hospital?: Hospital; specialty?: { name: string } },
): string | undefined {
  if (chosen.specialty && !found.candidates.length) return chosen.specialty.name;
  return !filters.specialty && chosen.hospital && !found.doctors.length ? chosen.hospital.name : undefined;
}

/**
 * Hospitals with bookable doctors, ranked by their doctors' ratings (unrated last), with doctors
 * per specialty; and those without, which are coming soon.
 */
export async function rankHospitals(ctx: Ctx) {
  const [hospitals, specialties, active] = await Promise.all([listHospitals(ctx.db), listSpecialties(ctx.db), activeDoctors(ctx)]);
  const open = hospitals.filter((h) => active.some((d) => d.doctor?.hospitalId === h.id));
  const ratings = await hospitalRatings(ctx.db, open.map((h) => h.id));
  const ranked = open
    .map((hospital) => ({
      hospital,
      rating: ratings.get(hospital.id),
      doctorCount: active.filter((d) => d.doctor?.hospitalId === hospital.id).length,
      perSpecialty: specialties
        .map((s) => ({ specialty: s, doctors: active.filter((d) => d.doctor?.hospitalId === hospital.id && d.doctor.specialty === s.slug).length }))
        .filter((row) => row.doctors > 0),
    }))
    .sort((a, b) => (b.rating?.average ?? -1) - (a.rating?.average ?? -1) || b.doctorCount - a.doctorCount);
  return { ranked, comingSoon: hospitals.filter((h) => !open.includes(h)), departmentsOf: (h: Hospital) => departmentNames(h, specialties) };
}

/** The names of the offered specialties the hospital lists as its departments, alphabetical. */
function departmentNames(hospital: Hospital, specialties: Specialty[]): string[] {
  const listed = new Set(hospital.departments ?? []);
  return specialties.filter((s) => listed.has(s.slug) && isOffered(s)).map((s) => s.name);
}
