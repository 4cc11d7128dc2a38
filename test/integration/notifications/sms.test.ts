import { GetCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { PermanentDeliveryError } from '../../../src/notifications/channels';
import { createRecordingSmsSender, createSmsSender, listRecordedSms } from '../../../src/notifications/sms';
import { formatPhone } from '../../../src/platform/format';
import { buildTestApp } from '../../helpers/app';
import { $ } from '../../helpers/http';
import { uniquePhone } from '../../helpers/users';

const { app, deps } = buildTestApp();
const DAY_SECONDS = 24 * 60 * 60;

/** A recording sender whose clock reads the given instants, one per SMS. */
function senderAt(...instants: Date[]) {
  return createRecordingSmsSender(deps.db, () => instants.shift() ?? new Date());
}

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

describe('the recording SMS sender (local mode)', () => {
  it('is the sender local mode uses, and records instead of calling SNS', async () => {
    const to = uniquePhone();
    const id = await createSmsSender(deps.config, deps.db).send({ to, text: 'Recorded, not sent' });
    expect(await listRecordedSms(deps.db, { to })).toEqual([expect.objectContaining({ id, to, text: 'Recorded, not sent' })]);
  });

  it('stores each SMS in the notifications table for seven days and returns its id', async () => {
    const to = uniquePhone();
    const at = new Date();
    const id = await senderAt(at).send({ to, text: 'Your visit is tomorrow at 10:30.' });

    const { Item } = await deps.db.doc.send(new GetCommand({ TableName: deps.db.tables.notifications, Key: { pk: 'SMSLOG', sk: `${at.toISOString()}#${id}` } }));
    expect(Item).toEqual({
      pk: 'SMSLOG',
      sk: `${at.toISOString()}#${id}`,
      id,
      to,
      text: 'Your visit is tomorrow at 10:30.',
      at: at.toISOString(),
      expiresAt: Math.floor(at.getTime() / 1000) + 7 * DAY_SECONDS,
    });
  });

  it('reads back only the SMS to one number, newest first', async () => {
    const to = uniquePhone();
    const other = uniquePhone();
    const send = senderAt(secondsAgo(3), secondsAgo(2), secondsAgo(1));
    await send.send({ to, text: 'first' });
    await send.send({ to: other, text: 'to someone else' });
    await send.send({ to, text: 'second' });

    expect((await listRecordedSms(deps.db, { to })).map((sms) => sms.text)).toEqual(['second', 'first']);
    expect((await listRecordedSms(deps.db, { to: formatPhone(to) })).map((sms) => sms.text)).toEqual(['second', 'first']);
    expect((await listRecordedSms(deps.db, { to: other })).map((sms) => sms.text)).toEqual(['to someone else']);
  });

  it('keeps to the limit, newest first', async () => {
    const to = uniquePhone();
    const send = senderAt(secondsAgo(3), secondsAgo(2), secondsAgo(1));
    for (const text of ['one', 'two', 'three']) await send.send({ to, text });
    expect((await listRecordedSms(deps.db, { to, limit: 2 })).map((sms) => sms.text)).toEqual(['three', 'two']);
  });

  it('lists every number, newest first, when no number is given', async () => {
    const to = uniquePhone();
    const id = await senderAt(new Date()).send({ to, text: 'for the full list' });
    const all = await listRecordedSms(deps.db);
    expect(all).toContainEqual(expect.objectContaining({ id, to }));
    expect(all.map((sms) => sms.at)).toEqual(all.map((sms) => sms.at).sort().reverse());
  });

  it('matches nothing for a filter that is not a phone number, even one with digits', async () => {
    const to = uniquePhone();
    await senderAt(new Date()).send({ to, text: 'Hello' });
    expect(await listRecordedSms(deps.db, { to: `user.${to.slice(3, 8)}@example.com` })).toEqual([]);
  });

  it('refuses a number that is not E.164 as a permanent failure, and records nothing', async () => {
    // +999 is no country's code; no valid number contains these digits.
    const invalid = `+999${uniquePhone().slice(-8)}`;
    await expect(senderAt(new Date()).send({ to: invalid, text: 'Hello' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(await listRecordedSms(deps.db, { to: invalid })).toEqual([]);
  });
});

describe('text messages in the dev mailbox', () => {
  it('shows each recorded SMS to the number, newest first, with its links clickable', async () => {
    const to = uniquePhone();
    const link = `http://medtrack.test/appointments/${to.slice(1)}`;
    const send = senderAt(secondsAgo(2), secondsAgo(1));
    await send.send({ to, text: 'Booked: Mon 10:30 with Dr Rao.' });
    await send.send({ to, text: `Reminder: your visit is tomorrow. Details: ${link}` });

    const page = await request(app).get('/dev/mailbox').query({ to });
    expect(page.status).toBe(200);
    const html = $(page.text);
    const texts = html('#text-messages [data-testid=sms]');
    expect(texts).toHaveLength(2);
    expect(texts.eq(0).find('.sms-bubble').text()).toBe(`Reminder: your visit is tomorrow. Details: ${link}`);
    expect(texts.eq(0).find(`a[href="${link}"]`).text()).toBe(link);
    expect(texts.eq(0).find('[data-testid=sms-to]').text()).toBe(formatPhone(to));
    expect(texts.eq(1).find('.sms-bubble').text()).toBe('Booked: Mon 10:30 with Dr Rao.');
    expect(html('#emails [data-testid=sms]')).toHaveLength(0);
  });

  it('finds an SMS by the number as people write it, with spaces', async () => {
    const to = uniquePhone();
    await senderAt(new Date()).send({ to, text: 'Spaced out' });
    const page = await request(app).get('/dev/mailbox').query({ to: formatPhone(to) });
    expect($(page.text)('[data-testid=sms] .sms-bubble').text()).toBe('Spaced out');
  });

  it('shows the empty state for a number nothing was sent to', async () => {
    await senderAt(new Date()).send({ to: uniquePhone(), text: 'Not for the unknown number' });
    const unknown = uniquePhone();
    const page = await request(app).get('/dev/mailbox').query({ to: unknown });
    expect(page.status).toBe(200);
    const html = $(page.text);
    expect(html('[data-testid=sms]')).toHaveLength(0);
    expect(html('[data-testid=sms-empty]').text()).toBe(`No text messages to “${unknown}”.`);
    expect(html('a[href="#text-messages"]').text()).toBe('Text messages · 0');
  });
});
