import { ConfigError, loadConfig } from '../../../src/config';
import { looksLikeRecoveryCode, mfaSecrets, newRecoveryCodes } from '../../../src/auth/mfa/secrets';
import { deviceSummary } from '../../../src/auth/mfa/sign-ins';

const OLD = 'an old session secret that is long enough 0123456789';
const NEW = 'a new session secret that is long enough as well 98765';

describe('authenticator secrets at rest', () => {
  it('seals so that the secret is not readable, and opens what it sealed', () => {
    const secrets = mfaSecrets([NEW]);
    const sealed = secrets.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(secrets.open(sealed)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', stale: false });
    expect(secrets.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
  });

  it('opens a seal made under an older session secret, and says it is stale; refuses an edited one', () => {
    const sealed = mfaSecrets([OLD]).seal('JBSWY3DPEHPK3PXP');
    expect(mfaSecrets([NEW, OLD]).open(sealed)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', stale: true });
    expect(mfaSecrets([NEW]).open(sealed)).toBeUndefined();
    const [id, iv, tag, data] = sealed.split('.');
    expect(mfaSecrets([OLD]).open([id, iv, tag, `A${data.slice(1)}`].join('.'))).toBeUndefined();
    expect(mfaSecrets([OLD]).open('nonsense')).toBeUndefined();
  });
});

describe('recovery codes', () => {
  it('are ten different codes of about 50 random bits, in a form people can type', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    codes.forEach((code) => {
      expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
      expect(looksLikeRecoveryCode(code.toUpperCase().replace('-', ' '))).toBe(true);
    });
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });

  it('hash the same however they are typed, differently under each key', () => {
    const secrets = mfaSecrets([NEW, OLD]);
    const [hash, oldHash] = secrets.recoveryHashes('abcde-fghjk');
    expect(secrets.recoveryHashes('ABCDE FGHJK')).toEqual([hash, oldHash]);
    expect(hash).not.toBe(oldHash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the device in the sign-in history', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'Chrome on Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari on iPhone'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox on Linux'],
    ['curl/8.0', 'Other device'],
    [undefined, 'Unknown device'],
  ])('%s is "%s"', (agent, words) => {
    expect(deviceSummary(agent)).toBe(words);
  });
});

describe('MEDTRACK_MFA_REQUIRED_ROLES', () => {
  it('is admins by default; may add doctors, or name none; refuses patients', () => {
    expect(loadConfig({}).mfaRequiredRoles).toEqual(['admin']);
    expect(loadConfig({ MEDTRACK_MFA_REQUIRED_ROLES: 'admin, doctor' }).mfaRequiredRoles).toEqual(['admin', 'doctor']);
    expect(loadConfig({ MEDTRACK_MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toEqual([]);
    expect(() => loadConfig({ MEDTRACK_MFA_REQUIRED_ROLES: 'patient' })).toThrow(ConfigError);
  });
});
