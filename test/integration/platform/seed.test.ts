import request from 'supertest';
import { listHospitals, listSpecialties } from '../../../src/directory';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { demoLogins, seedDemoData } from '../../../src/seed';
import { getUserByEmail, listBookableDoctorsBySpecialty, listDoctorsByApproval, listUsersByRole } from '../../../src/users';
import { buildTestApp } from '../../helpers/app';
import { awsConfig } from '../../helpers/aws-config';
import { submit } from '../../helpers/http';

// A table prefix of its own: the seed must meet an empty database.
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: `seed${Date.now().toString(36)}-` });

beforeAll(() => ensureTables(deps.db.client, deps.config.tablePrefix));

describe('the demo seed', () => {
  it('creates the demo hospital once, and a rerun changes nothing', async () => {
    await expect(seedDemoData(deps)).resolves.toBe(true);
    await expect(seedDemoData(deps)).resolves.toBe(false);

    expect(await listHospitals(deps.db)).toHaveLength(2);
    const specialties = await listSpecialties(deps.db);
    expect(specialties.length).toBeGreaterThanOrEqual(5);
    const perSpecialty = await Promise.all(specialties.map((s) => listBookableDoctorsBySpecialty(deps.db, s.slug)));
    const approved = perSpecialty.flatMap((page) => page.items);
    expect(approved.length).toBeGreaterThanOrEqual(12);
    expect(perSpecialty.filter((page) => page.items.length > 0).length).toBeGreaterThanOrEqual(5);
    expect((await listDoctorsByApproval(deps.db, 'pending')).items).toHaveLength(1);
    const patients = (await listUsersByRole(deps.db, 'patient')).items;
    expect(patients).toHaveLength(3);
    expect(patients.every((p) => p.emailVerified)).toBe(true);
  });

  it('refuses to seed in aws mode, whatever config reaches it', async () => {
    await expect(seedDemoData({ config: awsConfig({ MEDTRACK_TABLE_PREFIX: deps.config.tablePrefix }), db: deps.db })).rejects.toThrow(
      'The demo hospital is seeded in local mode only',
    );
  });

  it('prints logins that really work', async () => {
    await seedDemoData(deps);
    for (const login of demoLogins(deps.config)) {
      expect(await getUserByEmail(deps.db, login.email)).toBeDefined();
      const response = await submit(request.agent(app), '/login', '/login', { identifier: login.email, password: login.password });
      expect({ email: login.email, status: response.status }).toEqual({ email: login.email, status: 303 });
    }
  });
});
