/**
 * A browser follows a 303 as soon as its headers arrive. Here the session store is slow to write
 * (300 ms per session PutItem), and the next page is requested the moment the redirect's headers
 * are in, as Chromium does: the log-in and the flash must already be stored by then.
 */
import type { Server } from 'node:http';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { buildTestApp } from '../../helpers/app';
import { $ } from '../../helpers/http';
import { freePort } from '../../helpers/ports';
import { aPatient, PASSWORD } from '../../helpers/users';

const { app, deps } = buildTestApp();
let server: Server;
let base: string;
let slowSessionWrites = false;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = app.listen(port, '127.0.0.1');
  deps.db.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string };
      if (slowSessionWrites && context.commandName === PutItemCommand.name && input.TableName === deps.db.tables.sessions) {
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return next(args);
    },
    { step: 'initialize', name: 'slowSessionWrites' },
  );
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

/** Posts a form and, like a browser, requests the redirect's target on its headers alone. */
async function postAndFollowAtOnce(path: string, cookie: string, fields: Record<string, string>) {
  const posted = await fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
  expect(posted.status).toBe(303);
  const nextCookie = cookieOf(posted) || cookie;
  const next = await fetch(`${base}${posted.headers.get('location')}`, { redirect: 'manual', headers: { cookie: nextCookie } });
  void posted.body?.cancel();
  return { next, cookie: nextCookie };
}

it('keeps a log-in, and the flash of the next form, when the next page is asked for before the redirect has finished', async () => {
  const patient = await aPatient(deps);
  const loginPage = await fetch(`${base}/login`);
  const token = $(await loginPage.text())('input[name=_csrf]').val() as string;
  slowSessionWrites = true;

  const loggedIn = await postAndFollowAtOnce('/login', cookieOf(loginPage), { identifier: patient.email, password: PASSWORD, _csrf: token });

  expect(loggedIn.next.status).toBe(200);
  const home = $(await loggedIn.next.text());
  expect(home('[data-testid=current-user]').text()).toContain(patient.firstName);

  const account = $(await (await fetch(`${base}/account`, { headers: { cookie: loggedIn.cookie } })).text());
  const form = account('form[action="/account/notifications"]');
  const fields = Object.fromEntries(form.find('input[type=hidden]').map((_i, el) => [[account(el).attr('name'), account(el).val()]]).get());
  const saved = await postAndFollowAtOnce('/account/notifications', loggedIn.cookie, fields);

  expect(saved.next.status).toBe(200);
  expect($(await saved.next.text())('.flash').text()).toBe('Saved.');
});
