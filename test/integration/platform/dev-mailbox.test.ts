import http from 'node:http';
import os from 'node:os';
import { DateTime } from 'luxon';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { $, messages, submit } from '../../helpers/http';
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

  it("shows when each message was sent in the hospital's time zone", async () => {
    const { app, deps } = buildTestApp();
    const patient = await aPatient(deps);
    await submit(request.agent(app), '/forgot-password', '/forgot-password', { email: patient.email });
    await linkFrom(patient.email, /Reset your password/);

    const page = $((await request(app).get('/dev/mailbox').query({ to: patient.email }).expect(200)).text);
    const time = page('[data-testid=mail] time');
    const sentAt = DateTime.fromISO(time.attr('datetime')!);
    expect(deps.config.timeZone).toBe('Asia/Kolkata');
    expect(time.text()).toBe(sentAt.setZone('Asia/Kolkata').toFormat('ccc d LLL yyyy, HH:mm:ss'));
    expect(time.text()).not.toBe(sentAt.setZone('UTC').toFormat('ccc d LLL yyyy, HH:mm:ss'));
    expect(page('main .lede').text()).toContain("at the hospital's time (Asia/Kolkata)");
  });

  it('is linked from every page in local mode, marked as a developer tool', async () => {
    const { app } = buildTestApp();
    const home = $((await request(app).get('/').expect(200)).text);
    expect(home('nav a[href="/dev/mailbox"]').text().replace(/\s+/g, ' ')).toBe('Dev mailbox (developer tool)');
  });

  it('refuses a request forwarded for another machine, even when a proxy is trusted', async () => {
    const { app } = buildTestApp({ MEDTRACK_TRUST_PROXY_HOPS: '1' });
    const response = await request(app).get('/dev/mailbox').set('X-Forwarded-For', '192.0.2.7');
    expect(response.status).toBe(403);
    expect(messages(response.text)).toContain('The dev mailbox answers only on the computer MedTrack runs on');
    expect(response.text).not.toContain('data-testid="mail"');
    await request(app).get('/dev/mailbox').set('X-Forwarded-For', '127.0.0.1').expect(200);
  });

  // Needs an address of this machine that is not loopback (a container or CI runner has one).
  const networkAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  (networkAddress ? it : it.skip)('refuses a request that reaches it over the network when MEDTRACK_LISTEN_HOST opens the app', async () => {
    const { app } = buildTestApp();
    const server = http.createServer(app).listen(0, '0.0.0.0');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      expect((await fetch(`http://${networkAddress}:${port}/dev/mailbox`)).status).toBe(403);
      expect((await fetch(`http://127.0.0.1:${port}/dev/mailbox`)).status).toBe(200);
    } finally {
      server.close();
    }
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
    // Nor is it linked: the navigation shows it in local mode only.
    const home = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
    expect($(home.text)('a[href="/dev/mailbox"]')).toHaveLength(0);
    expect(home.text).not.toContain('developer tool');
  });
});
