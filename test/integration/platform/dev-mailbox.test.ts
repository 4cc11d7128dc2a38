import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { $, submit } from '../../helpers/http';
import { linkFrom } from '../../helpers/mailbox';
import { aPatient } from '../../helpers/users';

describe('the dev mailbox', () => {
  it('lists sent e-mails newest first with their links clickable (local mode)', async () => {
    const { app, deps } = buildTestApp();
    const patient = await aPatient(deps);
    await submit(request.agent(app), '/forgot-password', '/forgot-password', { email: patient.email });
    const link = await linkFrom(patient.email, /Reset your password/);

    const page = await request(app).get('/dev/mailbox').query({ to: patient.email });
    expect(page.status).toBe(200);
    const mails = $(page.text)('[data-testid=mail]');
    expect(mails).toHaveLength(1);
    expect(mails.find('h2').text()).toBe('Reset your password');
    expect(mails.find(`a[href="${link}"]`).text()).toBe(link);
  });

  it('does not exist in aws mode', async () => {
    const { app } = buildTestApp({
      MEDTRACK_MODE: 'aws',
      AWS_REGION: 'us-east-1',
      MEDTRACK_BUCKET: 'medtrack-test-bucket',
      MEDTRACK_SES_FROM: 'no-reply@hospital.example',
      MEDTRACK_PUBLIC_URL: 'https://portal.hospital.example',
      MEDTRACK_SESSION_SECRET: 's'.repeat(48),
      MEDTRACK_DYNAMODB_ENDPOINT: `http://127.0.0.1:${process.env.DYNAMODB_LOCAL_PORT}`,
    });
    const response = await request(app).get('/dev/mailbox').set('X-Forwarded-Proto', 'https');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('Dev mailbox');
  });
});
