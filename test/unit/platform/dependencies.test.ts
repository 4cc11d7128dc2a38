/** What a production install (`npm ci --omit=dev`) leaves out is decided here: package.json and its lock. */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const manifest = read('package.json') as Record<string, Record<string, string>>;
const lock = read('package-lock.json') as { packages: Record<string, { dev?: boolean }> };

/** Local mode's emulators, and pm2 (the instance runs its own, installed globally; the tests use this one). */
const DEV_ONLY = ['amplify-dynamodb-simulator', 's3rver', 'aws-ses-v2-local', 'pm2'];

describe('the dependencies of a production install', () => {
  it.each(DEV_ONLY)('leave out %s: a devDependency only, marked dev in the lock', (name) => {
    expect(manifest.dependencies[name]).toBeUndefined();
    expect(manifest.devDependencies[name]).toBeDefined();
    expect(lock.packages[`node_modules/${name}`].dev).toBe(true);
  });
});
