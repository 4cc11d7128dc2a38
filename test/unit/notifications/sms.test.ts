import { InvalidParameterException, InvalidParameterValueException, PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { PermanentDeliveryError } from '../../../src/notifications/channels';
import { createSnsSmsSender, fitSms } from '../../../src/notifications/sms';
import { awsConfig } from '../../helpers/aws-config';

const sns = mockClient(SNSClient);

const meta = { $metadata: {} };

beforeEach(() => sns.reset());

describe('the SNS SMS sender', () => {
  it('publishes a Transactional SMS to the E.164 number and returns the message id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
    const id = await createSnsSmsSender(awsConfig()).send({ to: '+919812345678', text: 'Your visit is at 10:30.' });

    expect(id).toBe('sns-message-1');
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        PhoneNumber: '+919812345678',
        Message: 'Your visit is at 10:30.',
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      },
    ]);
  });

  it('adds the sender id when one is configured', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-2' });
    await createSnsSmsSender(awsConfig({ MEDTRACK_SNS_SENDER_ID: 'MEDTRK' })).send({ to: '+447911123456', text: 'Hello' });

    expect(sns.commandCalls(PublishCommand)[0].args[0].input).toEqual({
      PhoneNumber: '+447911123456',
      Message: 'Hello',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'MEDTRK' },
      },
    });
  });

  describe("with India's DLT registration", () => {
    const dltConfig = () =>
      awsConfig({ MEDTRACK_SNS_SENDER_ID: 'MEDTRK', MEDTRACK_SNS_DLT_ENTITY_ID: '1101123456789012345', MEDTRACK_SNS_DLT_TEMPLATE_IDS: 'appointment-booked=1107161234567890123' });

    it("names the entity and the text's registered template", async () => {
      sns.on(PublishCommand).resolves({ MessageId: 'sns-message-3' });
      await createSnsSmsSender(dltConfig()).send({ to: '+919812345678', text: 'City General: Appointment booked.', template: 'appointment-booked' });

      expect(sns.commandCalls(PublishCommand)[0].args[0].input).toEqual({
        PhoneNumber: '+919812345678',
        Message: 'City General: Appointment booked.',
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'MEDTRK' },
          'AWS.MM.SMS.EntityId': { DataType: 'String', StringValue: '1101123456789012345' },
          'AWS.MM.SMS.TemplateId': { DataType: 'String', StringValue: '1107161234567890123' },
        },
      });
    });

    it.each([['a template without an id', 'appointment-reminder'], ['no template', undefined]])(
      'refuses %s as permanent, without calling SNS (carriers would drop it)',
      async (_case, template) => {
        sns.on(PublishCommand).resolves({ MessageId: 'never' });
        const sending = createSnsSmsSender(dltConfig()).send({ to: '+919812345678', text: 'Hello', template });

        await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
        await expect(sending).rejects.toThrow('MEDTRACK_SNS_DLT_TEMPLATE_IDS');
        expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
      },
    );
  });

  it.each([
    ['a national number', '09812345678'],
    ['spaces inside', '+91 98123 45678'],
    ['too few digits', '+91981234'],
    ['not a number', 'call me'],
  ])('refuses %s as permanent, without calling SNS', async (_case, to) => {
    sns.on(PublishCommand).resolves({ MessageId: 'never' });
    const sending = createSnsSmsSender(awsConfig()).send({ to, text: 'Hello' });

    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toThrow('not a valid E.164 phone number');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it.each([
    ['InvalidParameter', new InvalidParameterException({ message: 'Invalid parameter: PhoneNumber', ...meta })],
    ['InvalidParameterValue', new InvalidParameterValueException({ message: 'Invalid parameter value', ...meta })],
  ])('turns an SNS %s error into a permanent failure', async (_code, error) => {
    sns.on(PublishCommand).rejects(error);
    const sending = createSnsSmsSender(awsConfig()).send({ to: '+919812345678', text: 'Hello' });

    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toMatchObject({ cause: error });
  });

  it.each([
    ['SNS throttling', new ThrottledException({ message: 'Rate exceeded', ...meta })],
    ['a throttling exception', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
    ['a 5xx', Object.assign(new Error('Internal error'), { name: 'InternalErrorException', $metadata: { httpStatusCode: 500 } })],
    ['a timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
  ])('rethrows %s as it is, so the dispatcher retries', async (_case, error) => {
    sns.on(PublishCommand).rejects(error);
    const sending = createSnsSmsSender(awsConfig()).send({ to: '+919812345678', text: 'Hello' });

    await expect(sending).rejects.toBe(error);
    await expect(sending).rejects.not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('fitSms', () => {
  it('leaves a short text as it is', () => {
    expect(fitSms('Your visit with Dr Rao is at 10:30.')).toBe('Your visit with Dr Rao is at 10:30.');
  });

  it('collapses runs of whitespace and trims', () => {
    expect(fitSms('  Your visit\n\nwith   Dr Rao\tis at 10:30.  ')).toBe('Your visit with Dr Rao is at 10:30.');
  });

  it('keeps a text of exactly 160 characters whole', () => {
    const text = 'x'.repeat(150) + ' abcdefghi';
    expect(text).toHaveLength(160);
    expect(fitSms(text)).toBe(text);
  });

  it('cuts a long text after the last whole word that fits and ends it with three dots', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const fitted = fitSms(words.join(' '));

    expect(fitted.length).toBeLessThanOrEqual(160);
    expect(fitted.endsWith('...')).toBe(true);
    const kept = fitted.slice(0, -3).split(' ');
    expect(kept).toEqual(words.slice(0, kept.length));
    // Not one more whole word would have fitted.
    expect(`${kept.join(' ')} ${words[kept.length]}...`.length).toBeGreaterThan(160);
  });

  it('counts the collapsed text, not the original', () => {
    const text = Array.from({ length: 30 }, () => 'ok').join('      ');
    expect(text.length).toBeGreaterThan(160);
    expect(fitSms(text)).toBe(Array.from({ length: 30 }, () => 'ok').join(' '));
  });

  it('does not leave a dangling comma before the dots', () => {
    const fitted = fitSms(`${'a'.repeat(150)} bb, ccccccccccccccccccc`);
    expect(fitted).toBe(`${'a'.repeat(150)} bb...`);
  });

  it('keeps a link whole at the end and shortens the text before it instead', () => {
    const link = 'https://portal.hospital.example/appointments/5b0e8c7e-1f5d-4f39-9d7e-3c1c5a2f9b10';
    const text = 'Your visit with Dr Ananya Rao on Mon 23 Nov at 09:20 was moved to Tue 24 Nov at 11:40 at City General Hospital.';
    const fitted = fitSms(text, link);

    expect(fitted.length).toBeLessThanOrEqual(160);
    expect(fitted.endsWith(`... ${link}`)).toBe(true);
    expect(text.startsWith(fitted.slice(0, -(link.length + 4)))).toBe(true);
  });

  it('appends a link to a short text as it is', () => {
    expect(fitSms('Booked:  Mon 10:30.', 'https://x.test/a')).toBe('Booked: Mon 10:30. https://x.test/a');
  });

  it('cuts a single word longer than an SMS hard, still within 160', () => {
    const fitted = fitSms('y'.repeat(300));
    expect(fitted).toBe('y'.repeat(157) + '...');
  });
});
