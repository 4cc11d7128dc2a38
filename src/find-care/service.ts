/** What patients browse before booking: doctors with ratings and availability, hospitals ranked. */
import type { Deps } from '../deps';
import { doctorRatings, hospitalRatings, nextFreeSlot } from '../appointments';
import { listHospitals, listSpecialties } from '../directory';
import { allPages, listDoctorsByApproval, listBookableDoctorsBySpecialty } from '../users';

type Ctx = Pick<Deps, 'db' | 'config'>;

/** Bookable doctors, filtered by specialty and hospital, with rating and next free slot. */
export async function findDoctors(ctx: Ctx, filters: { specialty?: string; hospital?: string }) {
  const candidates = filters.specialty
    ? await allPages((cursor) => listBookableDoctorsBySpecialty(ctx.db, filters.specialty!, cursor))
    : (await allPages((cursor) => listDoctorsByApproval(ctx.db, 'approved', cursor))).filter((d) => d.status === 'active');
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
    doctors: doctors.map((doctor, i) => ({
      doctor,
      rating: ratings.get(doctor.id),
      nextSlot: nextSlots[i],
      hospitalName: hospitals.find((h) => h.id === doctor.doctor!.hospitalId)?.name ?? '',
      specialtyName: specialties.find((s) => s.slug === doctor.doctor!.specialty)?.name ?? doctor.doctor!.specialty,
    })),
  };
}

/** Hospitals ranked by their doctors' ratings (unrated last), with doctors per specialty. */
export async function rankHospitals(ctx: Ctx) {
  const [hospitals, specialties, doctors] = await Promise.all([
    listHospitals(ctx.db),
    listSpecialties(ctx.db),
    allPages((cursor) => listDoctorsByApproval(ctx.db, 'approved', cursor)),
  ]);
  const ratings = await hospitalRatings(ctx.db, hospitals.map((h) => h.id));
  const active = doctors.filter((d) => d.status === 'active');
  return hospitals
    .map((hospital) => ({
      hospital,
      rating: ratings.get(hospital.id),
      doctorCount: active.filter((d) => d.doctor?.hospitalId === hospital.id).length,
      perSpecialty: specialties
        .map((s) => ({ specialty: s, doctors: active.filter((d) => d.doctor?.hospitalId === hospital.id && d.doctor.specialty === s.slug).length }))
        .filter((row) => row.doctors > 0),
    }))
    .sort((a, b) => (b.rating?.average ?? -1) - (a.rating?.average ?? -1) || b.doctorCount - a.doctorCount);
}
