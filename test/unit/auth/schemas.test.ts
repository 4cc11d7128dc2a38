import { parseForm } from '../../../src/platform/validation';
import { changePasswordSchema, logInSchema, phoneField, registerDoctorSchema, registerPatientSchema } from '../../../src/auth/schemas';
import { accountKey } from '../../../src/auth/service';

const valid = {
  firstName: 'Asha',
  lastName: 'Patel-Rao',
  email: ' Asha@Example.COM ',
  phone: '098450 00011',
  password: 'ten chars!',
  confirmPassword: 'ten chars!',
  dateOfBirth: '1990-02-28',
  gender: 'female',
  bloodGroup: '',
};

describe('registration schema', () => {
  const schema = registerPatientSchema('IN');

  it('normalises e-mail and phone, and treats an empty blood group as unknown', () => {
    const result = parseForm(schema, valid);
    expect(result).toMatchObject({ ok: true, data: { email: 'asha@example.com', phone: '+919845000011', bloodGroup: undefined } });
  });

  it.each([
    ['a 72-byte password', 'x'.repeat(72), true],
    ['a 73-byte password', 'x'.repeat(73), false],
    ['36 two-byte characters (72 bytes)', 'é'.repeat(36), true],
    ['37 two-byte characters (74 bytes)', 'é'.repeat(37), false],
    ['9 characters', 'x'.repeat(9), false],
  ])('counts bytes, not characters: %s', (_label, password, accepted) => {
    expect(parseForm(schema, { ...valid, password, confirmPassword: password }).ok).toBe(accepted);
  });

  it.each([
    ['dateOfBirth', '1990-02-30', 'Enter a real date of birth'],
    ['dateOfBirth', '28/02/1990', 'Enter your date of birth as YYYY-MM-DD'],
    ['dateOfBirth', '1890-01-01', 'Enter a date of birth within the last 120 years'],
    ['gender', 'robot', 'Choose an option'],
    ['bloodGroup', 'C+', 'Choose a blood group from the list'],
    ['firstName', '<script>', 'Your first name can contain letters, spaces, apostrophes and hyphens'],
  ])('rejects %s = %s', (field, value, message) => {
    const result = parseForm(schema, { ...valid, [field]: value });
    expect(result).toEqual({ ok: false, errors: { [field]: message } });
  });

  it('reports a missing field rather than crashing on a non-object body', () => {
    const result = parseForm(schema, undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.email).toBe('Enter your e-mail address');
  });
});

describe('phone numbers', () => {
  it.each([
    ['+1 415 555 2671', 'IN', '+14155552671'],
    ['98450 00011', 'IN', '+919845000011'],
    ['020 7946 0958', 'GB', '+442079460958'],
  ])('reads %s in %s as %s', (input, country, e164) => {
    expect(phoneField(country).parse(input)).toBe(e164);
  });

  it('rejects numbers that cannot exist', () => {
    expect(phoneField('IN').safeParse('12345').success).toBe(false);
  });
});

describe('log-in and password change', () => {
  it('keys lockouts by the normalised identifier', () => {
    expect(accountKey(' Asha@Example.com ', 'IN')).toBe('asha@example.com');
    expect(accountKey('98450 00011', 'IN')).toBe('+919845000011');
    expect(accountKey('+91 98450-00011', 'IN')).toBe('+919845000011');
  });

  it('requires both log-in fields', () => {
    expect(parseForm(logInSchema, { identifier: '', password: '' })).toEqual({
      ok: false,
      errors: { identifier: 'Enter your e-mail or mobile number', password: 'Enter your password' },
    });
  });

  it('refuses a new password equal to the current one', () => {
    const same = { currentPassword: 'old password 1', password: 'old password 1', confirmPassword: 'old password 1' };
    expect(parseForm(changePasswordSchema, same)).toEqual({ ok: false, errors: { password: 'Choose a password different from the current one' } });
  });
});

describe('doctor registration numbers', () => {
  const doctor = { ...valid, specialty: 'cardiology', hospitalId: 'city-general-hospital', qualifications: 'MBBS, MD' };
  const errorsFor = (fields: Record<string, string>) => {
    const result = parseForm(registerDoctorSchema('IN'), { ...doctor, ...fields });
    return result.ok ? {} : result.errors;
  };

  it('treats an empty box as missing, not as zero', () => {
    expect(errorsFor({ yearsOfExperience: '', consultationFee: ' ' })).toEqual({
      yearsOfExperience: 'Enter your years of experience',
      consultationFee: 'Enter your consultation fee',
    });
  });

  it('reads typed numbers and rejects what is not one', () => {
    expect(errorsFor({ yearsOfExperience: '7', consultationFee: '650.5' })).toEqual({});
    expect(errorsFor({ yearsOfExperience: 'seven', consultationFee: '1e9' })).toEqual({
      yearsOfExperience: 'Enter a number',
      consultationFee: 'Enter a fee up to 100000',
    });
  });
});
