/**
 * The real app, listening on a free port, for a browser to drive. It gets its own tables (the
 * run's prefix + `e2e-`) seeded with the demo hospital, so what the pages list stays predictable
 * while integration tests write to the shared tables.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ensureTables } from '../../src/platform/db/bootstrap';
import { enrolTotp } from '../../src/auth';
import { getFactor } from '../../src/auth/mfa/repository';
import { ConflictError } from '../../src/platform/http/errors';
import { seedDemoData } from '../../src/seed';
import { ADMIN_EMAIL } from '../../src/seed/people';
import { getUserByEmail } from '../../src/users';
import { TOTP_SECRET } from '../helpers/two-step';
import { buildTestApp } from '../helpers/app';
import { mailSettled } from '../helpers/mailbox';
import { freePort } from '../helpers/ports';
import type { Browser } from 'playwright-core';
import type { Deps } from '../../src/deps';
import { launchChromium, readStepsWith } from './browser';

export interface Portal {
  baseUrl: string;
  deps: Deps;
  stop(): Promise<void>;
}

/** `settings` override the test configuration (environment names, as in buildTestApp). */
export async function startPortal(settings: Record<string, string> = {}): Promise<Portal> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const tablePrefix = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}e2e-`;
  // E-mailed links must lead back to this server, so the public URL carries the chosen port.
  const { app, deps } = buildTestApp({ ...settings, MEDTRACK_PUBLIC_URL: baseUrl, MEDTRACK_TABLE_PREFIX: tablePrefix });
  await ensureTables(deps.db.client, tablePrefix);
  await seedDemoData(deps);
  await giveDemoAdminAnAuthenticator(deps);
  readStepsWith(baseUrl, async (email) => {
    const user = await getUserByEmail(deps.db, email);
    return user ? (await getFactor(deps.db, user.id))?.lastStep : undefined;
  });
  // Mails leave through the outbox a moment after the request: the mailbox page waits for them.
  const portal = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    if (url.pathname !== '/dev/mailbox') return app(req, res);
    const serve = () => app(req, res);
    void mailSettled(url.searchParams.get('to') ?? '', deps.db).then(serve, serve);
  };
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = createServer(portal).listen(port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  return {
    baseUrl,
    deps,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      deps.db.client.destroy();
    },
  };
}

/**
 * The demo admin must sign in in two steps; here its authenticator holds the helpers' TOTP_SECRET,
 * so journeys sign it in with codes (browser.ts passTwoStepIn). The e2e files share these tables:
 * the first to get here enrols it, the others find it enrolled.
 */
async function giveDemoAdminAnAuthenticator(deps: Deps): Promise<void> {
  const admin = await getUserByEmail(deps.db, ADMIN_EMAIL);
  if (!admin || admin.mfaEnabledAt) return;
  await enrolTotp(deps, admin, TOTP_SECRET, { tell: false }).catch((error: unknown) => {
    if (!(error instanceof ConflictError)) throw error;
  });
}

/** Starts the portal and Chromium once for a test file and stops both after it. */
export function portalAndBrowser(settings: Record<string, string> = {}): { readonly portal: Portal; readonly browser: Browser } {
  const running = {} as { portal: Portal; browser: Browser };
  beforeAll(async () => {
    [running.portal, running.browser] = await Promise.all([startPortal(settings), launchChromium()]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.portal?.stop();
  });
  return running;
}
