import { ConfigError, loadConfig } from '../../../src/config';

const AWS_ENV = {
  MEDTRACK_MODE: 'aws',
  AWS_REGION: 'ap-south-1',
  MEDTRACK_BUCKET: 'medtrack-prod-files',
  MEDTRACK_SES_FROM: 'no-reply@hospital.example',
  MEDTRACK_PUBLIC_URL: 'https://portal.hospital.example',
  MEDTRACK_SESSION_SECRET: 'x'.repeat(40),
  MEDTRACK_ADMIN_PASSWORD: 'a real admin password',
};

describe('loadConfig', () => {
  it('runs locally with working defaults and no settings at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'local',
      port: 3000,
      tablePrefix: 'local-',
      timeZone: 'Asia/Kolkata',
      bcryptCost: 12,
      session: { idleMinutes: 15, absoluteHours: 12, secureCookies: false, cookieName: 'medtrack.sid' },
    });
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(Object.isFrozen(config.session)).toBe(true);
  });

  it('uses secure __Host- cookies behind one proxy hop in aws mode', () => {
    const config = loadConfig(AWS_ENV);
    expect(config.session).toMatchObject({ secureCookies: true, cookieName: '__Host-sid' });
    expect(config.trustProxyHops).toBe(1);
    expect(config.seedDemoData).toBe(false);
  });

  it('refuses to seed the demo hospital in aws mode: its accounts have published passwords', () => {
    const refusal = () => loadConfig({ ...AWS_ENV, MEDTRACK_SEED: 'true' });
    expect(refusal).toThrow(ConfigError);
    expect(refusal).toThrow(/MEDTRACK_SEED=true is refused in aws mode.*npm run create-admin/s);
    expect(loadConfig({ ...AWS_ENV, MEDTRACK_SEED: 'false' }).seedDemoData).toBe(false);
  });

  it('listens on loopback only unless told otherwise, in both modes', () => {
    expect(loadConfig({}).listenHost).toBe('127.0.0.1');
    expect(loadConfig(AWS_ENV).listenHost).toBe('127.0.0.1');
    expect(loadConfig({ MEDTRACK_LISTEN_HOST: '0.0.0.0' }).listenHost).toBe('0.0.0.0');
  });

  it('refuses aws mode without its settings, naming each one', () => {
    expect(() => loadConfig({ MEDTRACK_MODE: 'aws' })).toThrow(
      'aws mode needs: AWS_REGION, MEDTRACK_BUCKET, MEDTRACK_SES_FROM, MEDTRACK_PUBLIC_URL, MEDTRACK_SESSION_SECRET',
    );
  });

  it.each([
    ['a short session secret', { MEDTRACK_SESSION_SECRET: 'short' }, /at least 32 characters/],
    ['the local demo admin password', { MEDTRACK_ADMIN_PASSWORD: 'admin-local-only' }, /local demo password/],
    ['insecure cookies', { MEDTRACK_SECURE_COOKIES: 'false' }, /refused in aws mode/],
  ])('refuses %s in aws mode', (_label, override, message) => {
    expect(() => loadConfig({ ...AWS_ENV, ...override })).toThrow(message);
  });

  it("reads India's DLT entity and template ids for SMS, and refuses template ids without the entity", () => {
    expect(loadConfig({}).sns.dlt).toBeUndefined();
    expect(loadConfig({ MEDTRACK_SNS_DLT_ENTITY_ID: '' }).sns.dlt).toBeUndefined();
    const config = loadConfig({
      ...AWS_ENV,
      MEDTRACK_SNS_DLT_ENTITY_ID: '1101123456789012345',
      MEDTRACK_SNS_DLT_TEMPLATE_IDS: 'appointment-booked=1107161234567890123, appointment-reminder=1107161234567890456',
    });
    expect(config.sns.dlt).toEqual({
      entityId: '1101123456789012345',
      templateIds: { 'appointment-booked': '1107161234567890123', 'appointment-reminder': '1107161234567890456' },
    });
    expect(() => loadConfig({ MEDTRACK_SNS_DLT_TEMPLATE_IDS: 'appointment-booked=1107161234567890123' })).toThrow('needs MEDTRACK_SNS_DLT_ENTITY_ID');
  });

  it('gives each pm2 process its own metrics port, and 0 turns metrics off', () => {
    expect(loadConfig({}).metricsPort).toBe(9464);
    expect(loadConfig({ MEDTRACK_METRICS_PORT: '9500', NODE_APP_INSTANCE: '3' }).metricsPort).toBe(9503);
    expect(loadConfig({ MEDTRACK_METRICS_PORT: '0' }).metricsPort).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['MEDTRACK_MODE', 'cloud'],
    ['MEDTRACK_BCRYPT_COST', '9'],
    ['MEDTRACK_TABLE_PREFIX', 'bad prefix!'],
    ['MEDTRACK_DEFAULT_COUNTRY', 'india'],
    ['MEDTRACK_METRICS_PORT', '70000'],
    ['MEDTRACK_LOCAL_STACK', 'maybe'],
    ['MEDTRACK_SNS_DLT_ENTITY_ID', 'ABC123'],
    ['MEDTRACK_SNS_DLT_TEMPLATE_IDS', 'appointment-booked'],
    ['MEDTRACK_SNS_DLT_TEMPLATE_IDS', 'appointment-booked=12a'],
  ])('rejects an invalid %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
