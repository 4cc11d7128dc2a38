/**
 * T-PROXY-01 (a) and issue 5's nginx site: Debian's nginx runs deploy/nginx/medtrack.conf (made
 * loopback-ready by swapping its deploy literals, see the top of that file) with a self-signed
 * certificate, in front of the real app listening with production's proxy settings (one trusted
 * hop, Secure __Host- cookie). Clients connect from their own 127.x.y.z address, so "the client
 * IP" is something the test controls and can tell apart from nginx's 127.0.0.1.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { gunzipSync } from 'node:zlib';
import type { Request } from 'express';
import { buildTestApp } from '../../helpers/app';
import { $, messages } from '../../helpers/http';
import { freePort } from '../../helpers/ports';
import { aPatient, PASSWORD, uniqueEmail } from '../../helpers/users';

const root = path.resolve(__dirname, '../../..');
const HOST = 'medtrack.test';
const MiB = 1024 * 1024;
/** What deploy/nginx/medtrack.conf sets: client_max_body_size 10m, limit_req burst=20. */
const MAX_BODY = 10 * MiB;
const AUTH_BURST = 20;
/** The app's per-IP limit for this file: log-in requests per address per 15 minutes. */
const PER_IP_LIMIT = 3;
const HOST_ONLY_SECURE_COOKIE = /^__Host-sid=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/;
const HSTS = 'max-age=31536000; includeSubDomains';

const { app, deps } = buildTestApp({
  MEDTRACK_SECURE_COOKIES: 'true',
  MEDTRACK_TRUST_PROXY_HOPS: '1',
  MEDTRACK_RATE_LIMIT_PER_IP: String(PER_IP_LIMIT),
});

/** A preferred path (Debian's), else the first on PATH; a clear failure, never a skip, when absent. */
function binary(name: string, preferred: string[] = []): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const found = [...preferred, ...dirs.map((dir) => path.join(dir, name))].find((file) => fs.existsSync(file));
  if (!found) throw new Error(`${name} not found: apt-get install -y ${name} (scripts/test.sh does this for nginx)`);
  return found;
}

/** The production site with its deploy-specific literals swapped; fails if one is gone. */
function testVariant(site: string, prefix: string, ports: { http: number; https: number; app: number }): string {
  const swaps: Array<[string | RegExp, string]> = [
    ['/etc/letsencrypt/live/medtrack.example.org/', `${prefix}/tls/`],
    ['medtrack.example.org', HOST],
    ['https://$server_name$request_uri', `https://$server_name:${ports.https}$request_uri`],
    [/^\s*listen \[::\]:(?:80|443)\b.*\n/gm, ''],
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['listen 443 ssl', `listen 127.0.0.1:${ports.https} ssl`],
    ['127.0.0.1:3000', `127.0.0.1:${ports.app}`],
    ['/srv/medtrack/current/public', path.join(root, 'public')],
    ['/var/www/html', `${prefix}/acme`],
    ['/var/log/nginx/', `${prefix}/logs/`],
  ];
  // Comments quote the literals too; only directives count.
  let conf = site.replace(/^\s*#.*\n/gm, '');
  for (const [from, to] of swaps) {
    const found = typeof from === 'string' ? conf.includes(from) : from.test(conf);
    if (!found) throw new Error(`deploy/nginx/medtrack.conf no longer contains ${from}: update its test variant here`);
    conf = typeof from === 'string' ? conf.split(from).join(to) : conf.replace(from, to);
  }
  return conf;
}

/** Around the site, what Debian's /etc/nginx/nginx.conf sets in http {}, so a clash shows here. */
const mainConf = (prefix: string) => `
daemon off;
master_process off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  sendfile on;
  tcp_nopush on;
  types_hash_max_size 2048;
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
  ssl_prefer_server_ciphers on;
  access_log ${prefix}/logs/access.log;
  gzip on;
  client_body_temp_path ${prefix}/temp/body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  include ${prefix}/medtrack.conf;
}`;

let prefix = '';
let ports = { http: 0, https: 0, app: 0 };
let certificate = '';
let server: Server | undefined;
let nginx: ChildProcess | undefined;
/** What the app received with the last request nginx passed it; a spy around the app, not in it. */
let seenByApp: { forwardedFor?: string | string[]; ip?: string } = {};
let upstreamConnections = 0;

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${fs.readFileSync(`${prefix}/logs/error.log`, 'utf8')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx never listened on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopNginx(): Promise<void> {
  if (!nginx || nginx.exitCode !== null || nginx.signalCode !== null) return;
  const exited = new Promise((resolve) => nginx!.once('exit', resolve));
  nginx.kill('SIGTERM');
  await exited;
}

function nginxProcessesOfThisTest(): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-f', prefix]).toString().trim().split('\n');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

beforeAll(async () => {
  const nginxBinary = binary('nginx', ['/usr/sbin/nginx']);
  const openssl = binary('openssl');
  prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-nginx-'));
  for (const dir of ['tls', 'logs', 'temp', 'acme/.well-known/acme-challenge']) fs.mkdirSync(path.join(prefix, dir), { recursive: true });
  execFileSync(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`,
    '-keyout', `${prefix}/tls/privkey.pem`, '-out', `${prefix}/tls/fullchain.pem`], { stdio: 'pipe' });
  certificate = fs.readFileSync(`${prefix}/tls/fullchain.pem`, 'utf8');

  server = http.createServer((req, res) => {
    res.on('finish', () => (seenByApp = { forwardedFor: req.headers['x-forwarded-for'], ip: (req as Request).ip }));
    app(req, res);
  });
  server.on('connection', () => (upstreamConnections += 1));
  // The app has no WebSocket route yet: this stand-in echoes, to show nginx passes upgrades on.
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => socket.destroy());
    if (req.url !== '/ws-probe') {
      socket.destroy();
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  ports = { http: await freePort(), https: await freePort(), app: (server.address() as AddressInfo).port };
  const site = fs.readFileSync(path.join(root, 'deploy/nginx/medtrack.conf'), 'utf8');
  fs.writeFileSync(`${prefix}/medtrack.conf`, testVariant(site, prefix, ports));
  fs.writeFileSync(`${prefix}/nginx.conf`, mainConf(prefix));

  const args = ['-p', prefix, '-c', `${prefix}/nginx.conf`, '-e', `${prefix}/logs/error.log`];
  try {
    execFileSync(nginxBinary, ['-t', ...args], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`nginx rejects the site config:\n${(error as { stderr?: Buffer }).stderr?.toString()}`);
  }
  nginx = spawn(nginxBinary, args, { stdio: 'ignore' });
  await waitForPort(ports.https, nginx);
  await waitForPort(ports.http, nginx);
});

afterAll(async () => {
  await stopNginx();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (prefix) fs.rmSync(prefix, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  text: string;
}

interface Call {
  method?: string;
  path: string;
  /** The client's own source address; nginx sees it as $remote_addr. */
  from?: string;
  scheme?: 'http' | 'https';
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Send the headers and wait for "100 Continue" before the body, as curl does for big uploads. */
  expectContinue?: boolean;
}

/** One request on a new connection through nginx, verifying its certificate for medtrack.test. */
function call({ method = 'GET', path: url, from = '127.0.0.1', scheme = 'https', headers = {}, body, expectContinue }: Call): Promise<Reply> {
  const secure = scheme === 'https';
  const port = secure ? ports.https : ports.http;
  const options = {
    host: '127.0.0.1', port, method, path: url, localAddress: from, agent: false as const,
    headers: { Host: `${HOST}:${port}`, ...(body !== undefined && { 'Content-Length': Buffer.byteLength(body) }), ...(expectContinue && { Expect: '100-continue' }), ...headers },
    ...(secure && { ca: certificate, servername: HOST }),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const all = Buffer.concat(chunks);
        resolve({ status: response.statusCode!, headers: response.headers, rawHeaders: response.rawHeaders, body: all, text: all.toString() });
        request.destroy();
      });
    });
    request.on('error', reject);
    if (expectContinue) request.on('continue', () => request.end(body));
    else request.end(body);
  });
}

/** One request over HTTP/2, the way browsers talk to the site in production. */
async function callOverHttp2(from: string, headers: http2.OutgoingHttpHeaders, body?: string) {
  const session = http2.connect(`https://${HOST}:${ports.https}`, {
    createConnection: () =>
      tls.connect({ socket: net.connect({ host: '127.0.0.1', port: ports.https, localAddress: from }), ca: certificate, servername: HOST, ALPNProtocols: ['h2'] }),
  });
  try {
    return await new Promise<{ status: number; headers: http2.IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const stream = session.request(headers);
      const chunks: Buffer[] = [];
      let responseHeaders: http2.IncomingHttpHeaders = {};
      stream.on('response', (received) => (responseHeaders = received));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve({ status: Number(responseHeaders[':status']), headers: responseHeaders, text: Buffer.concat(chunks).toString() }));
      stream.on('error', reject);
      stream.end(body);
    });
  } finally {
    session.close();
  }
}

/** A loopback address of its own, so this client's per-IP counts start at zero. */
const aClientAddress = () => `127.${randomInt(1, 255)}.${randomInt(256)}.${randomInt(1, 255)}`;
const setCookies = (reply: Reply) => (reply.headers['set-cookie'] ?? []).filter((c) => c.startsWith('__Host-sid='));
const pair = (setCookie: string) => setCookie.split(';')[0];
const headerCount = (reply: Reply, name: string) => reply.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name).length;

/** Loads the log-in form the way a browser does: its session cookie and CSRF token. */
async function logInForm(from: string): Promise<{ cookie: string; csrf: string }> {
  const form = await call({ path: '/login', from });
  const [cookie] = setCookies(form);
  const csrf = $(form.text)('input[name=_csrf]').val();
  if (form.status !== 200 || !cookie || typeof csrf !== 'string') throw new Error(`no log-in form through nginx: ${form.status}`);
  return { cookie: pair(cookie), csrf };
}

/** A same-origin form POST with the headers a browser adds. */
function postForm(url: string, fields: Record<string, string>, from: string, cookie: string, headers: Record<string, string> = {}) {
  return call({
    method: 'POST', path: url, from, body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `https://${HOST}:${ports.https}`, 'Sec-Fetch-Site': 'same-origin', Cookie: cookie, ...headers },
  });
}

describe('nginx in front of MedTrack (deploy/nginx/medtrack.conf)', () => {
  it('logs in over HTTPS: the Secure __Host-sid cookie is set, and the next request with it is signed in', async () => {
    const patient = await aPatient(deps);
    const from = aClientAddress();
    const { cookie, csrf } = await logInForm(from);

    const login = await postForm('/login', { identifier: patient.email, password: PASSWORD, _csrf: csrf }, from, cookie);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/patient');
    const [session] = setCookies(login);
    expect(session).toMatch(HOST_ONLY_SECURE_COOKIE);

    const home = await call({ path: '/patient', from, headers: { Cookie: pair(session) } });
    expect(home.status).toBe(200);
    expect($(home.text)('[data-testid=current-user]').text()).toBe('Test Patient');
    expect(headerCount(home, 'strict-transport-security')).toBe(1);
  });

  it('logs in over HTTP/2 too: nginx passes :authority on as the Host that the app checks Origin against', async () => {
    const patient = await aPatient(deps);
    const from = aClientAddress();
    const form = await callOverHttp2(from, { ':path': '/login' });
    const [cookie] = ((form.headers['set-cookie'] ?? []) as string[]).map(pair);
    const _csrf = $(form.text)('input[name=_csrf]').val() as string;

    const login = await callOverHttp2(
      from,
      { ':method': 'POST', ':path': '/login', 'content-type': 'application/x-www-form-urlencoded', origin: `https://${HOST}:${ports.https}`, cookie },
      new URLSearchParams({ identifier: patient.email, password: PASSWORD, _csrf }).toString(),
    );
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/patient');
  });

  it('counts log-ins against the address that connected: forged X-Forwarded-For neither escapes the limit nor frames another client', async () => {
    const attacker = aClientAddress();
    const bystander = aClientAddress();
    const attackerForm = await logInForm(attacker);
    const guess = { identifier: uniqueEmail('guess'), password: 'not the password', _csrf: attackerForm.csrf };

    const replies = [];
    for (const forged of ['1.2.3.4', '5.6.7.8', '9.10.11.12', '13.14.15.16']) {
      replies.push(await postForm('/login', guess, attacker, attackerForm.cookie, { 'X-Forwarded-For': forged }));
    }
    expect(replies.map((r) => r.status)).toEqual([...Array(PER_IP_LIMIT).fill(401), 429]);
    // The app's limiter refused it (nginx's own limit is far above 4 requests).
    expect(replies[PER_IP_LIMIT].headers['x-request-id']).toBeDefined();
    expect(messages(replies[PER_IP_LIMIT].text)).toContain('Too many attempts');
    // nginx replaced the forged header rather than appending to it, so req.ip is right whatever the hop count.
    expect(seenByApp).toEqual({ forwardedFor: attacker, ip: attacker });

    const bystanderForm = await logInForm(bystander);
    const framed = await postForm('/login', { ...guess, _csrf: bystanderForm.csrf }, bystander, bystanderForm.cookie, { 'X-Forwarded-For': attacker });
    expect(framed.status).toBe(401);
  });

  it(`answers a body over client_max_body_size with nginx's own 413, and passes one of exactly that size to the app`, async () => {
    const upload = (bytes: number, expectContinue = false) =>
      call({ method: 'POST', path: '/upload-probe', body: Buffer.alloc(bytes), expectContinue, headers: { 'Content-Type': 'application/octet-stream' } });

    const atLimit = await upload(MAX_BODY);
    // The app saw it (its request id) and refused it for its own reason: no CSRF token.
    expect(atLimit.status).toBe(403);
    expect(atLimit.headers['x-request-id']).toBeDefined();

    const over = await upload(MAX_BODY + 1, true);
    expect(over.status).toBe(413);
    expect(over.headers['x-request-id']).toBeUndefined();
    expect(over.headers['strict-transport-security']).toBe(HSTS);
  });

  it('redirects HTTP to HTTPS on the site host whatever Host was sent, but answers certbot over HTTP', async () => {
    const redirect = await call({ scheme: 'http', path: '/login?next=%2Fpatient', headers: { Host: 'evil.example' } });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://${HOST}:${ports.https}/login?next=%2Fpatient`);

    fs.writeFileSync(`${prefix}/acme/.well-known/acme-challenge/token-42`, 'token-42.key-authorization');
    const challenge = await call({ scheme: 'http', path: '/.well-known/acme-challenge/token-42' });
    expect(challenge.status).toBe(200);
    expect(challenge.text).toBe('token-42.key-authorization');
  });

  it('serves public/ itself, compressed, cached for 7 days and with the security headers; pages stay uncompressed', async () => {
    const css = await call({ path: '/css/app.css', headers: { 'Accept-Encoding': 'gzip' } });
    expect(css.status).toBe(200);
    expect(css.headers['x-request-id']).toBeUndefined(); // not Express, which sends max-age=0 under test
    expect(css.headers['cache-control']).toBe('max-age=604800');
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(css.body).toString()).toBe(fs.readFileSync(path.join(root, 'public/css/app.css'), 'utf8'));
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    expect(headerCount(css, 'strict-transport-security')).toBe(1);
    expect(css.headers.server).toBe('nginx'); // server_tokens off: no version

    const page = await call({ path: '/login', headers: { 'Accept-Encoding': 'gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBeUndefined();
  });

  it('limits log-in POSTs per address in nginx as well, but never the form itself', async () => {
    const from = aClientAddress();
    const statuses: number[] = [];
    const limited: Reply[] = [];
    for (let i = 0; i < AUTH_BURST + 10; i += 1) {
      const reply = await call({ method: 'POST', path: '/login', from, body: 'identifier=x&password=y', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      statuses.push(reply.status);
      if (reply.status === 429) limited.push(reply);
    }
    // The first 1 + burst reach the app (which refuses them: no CSRF token); then nginx answers.
    expect(statuses.slice(0, AUTH_BURST + 1)).toEqual(Array(AUTH_BURST + 1).fill(403));
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((reply) => reply.headers['x-request-id'] === undefined)).toBe(true);
    expect((await call({ path: '/login', from })).status).toBe(200);
  });

  it('keeps its connections to the app open between requests (keepalive upstream)', async () => {
    const before = upstreamConnections;
    for (let i = 0; i < 5; i += 1) expect((await call({ path: '/healthz' })).status).toBe(200);
    expect(upstreamConnections - before).toBeLessThanOrEqual(1);
  });

  it('passes WebSocket upgrades through to the app', async () => {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const request = https.request({
        host: '127.0.0.1', port: ports.https, path: '/ws-probe', ca: certificate, servername: HOST, agent: false,
        headers: { Host: `${HOST}:${ports.https}`, Connection: 'Upgrade', Upgrade: 'websocket' },
      });
      request.on('upgrade', (_response, upgraded: net.Socket) => resolve(upgraded));
      request.on('response', (response) => reject(new Error(`no upgrade: ${response.statusCode}`)));
      request.on('error', reject);
      request.end();
    });
    const echoed = new Promise<string>((resolve) => socket.once('data', (data) => resolve(String(data))));
    socket.write('ping through nginx');
    expect(await echoed).toBe('ping through nginx');
    socket.destroy();
  });

  it('keeps tokens in query strings out of its access log', async () => {
    expect((await call({ path: '/reset-password?token=secret-reset-token-42' })).status).toBe(200);

    const log = fs.readFileSync(`${prefix}/logs/medtrack.access.log`, 'utf8');
    expect(log).toContain('"GET /reset-password HTTP/1.1" 200');
    expect(log).not.toContain('secret-reset-token-42');
  });

  it('stops without leaving an nginx process behind', async () => {
    expect(nginxProcessesOfThisTest()).toHaveLength(1);
    await stopNginx();
    expect(nginxProcessesOfThisTest()).toEqual([]);
  });
});
