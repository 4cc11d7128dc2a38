/**
 * `npm run create-admin -- --email a@b.org --phone +9198... --first Asha --last Rao`
 * The password is asked for on a terminal, or read from the first line of standard input.
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline/promises';
import { createAdminAccount } from '../src/admin';
import { fail, withDb } from './cli';

async function readPassword(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    return await rl.question(process.stdin.isTTY ? 'Password for the new admin (10-72 characters): ' : '');
  } finally {
    rl.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, phone: { type: 'string' }, first: { type: 'string' }, last: { type: 'string' } },
  });
  const password = await readPassword();
  await withDb(async (db, config) => {
    const result = await createAdminAccount({ db, config }, { email: values.email, phone: values.phone, firstName: values.first, lastName: values.last, password });
    if (!result.ok) fail(`Not created:\n  ${Object.entries(result.errors).map(([field, message]) => `${field}: ${message}`).join('\n  ')}`);
    console.log(`Admin ${result.user.email} created. At the first log-in they set up an authenticator app (two-step sign-in is required for admins).`);
  });
}

main().catch((error: Error) => fail(`create-admin failed: ${error.message}`));
