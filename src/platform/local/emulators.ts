/**
 * The emulator packages are devDependencies: `npm install` brings them, a production install
 * (`--omit=dev`; deploy/aws prunes them after the build) leaves them out, and aws mode never needs
 * them. So no module imports them at its top: the local stack loads each one as it starts it, and
 * says how to get them when they are missing.
 */
export const EMULATOR_PACKAGES = ['amplify-dynamodb-simulator', 's3rver', 'aws-ses-v2-local'] as const;
type EmulatorPackage = (typeof EMULATOR_PACKAGES)[number];

export class EmulatorsMissingError extends Error {
  constructor(missing: readonly string[]) {
    super(
      `Local mode runs emulators that are not installed here: ${missing.join(', ')}.\n` +
        '  They are development dependencies, left out of a production install (npm ci --omit=dev).\n' +
        '  Run `npm install` and start again, or run against AWS with MEDTRACK_MODE=aws.',
    );
  }
}

/** Throws EmulatorsMissingError naming every missing one, before anything is started. */
export function assertEmulatorsInstalled(packages: readonly EmulatorPackage[] = EMULATOR_PACKAGES): void {
  const missing = packages.filter((name) => !isInstalled(name));
  if (missing.length) throw new EmulatorsMissingError(missing);
}

/**
 * The package's module as `import * as m` would give it, loaded now: `require`, so that nothing
 * loads it before this call (a dynamic import() would be left to the ESM loader under tsx).
 */
export function loadEmulator<T>(name: EmulatorPackage): T {
  assertEmulatorsInstalled([name]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate: see above
  const loaded = require(name);
  // A CommonJS module.exports (s3rver's) is its default export, as esModuleInterop reads it.
  return (loaded?.__esModule ? loaded : { default: loaded }) as T;
}

/** Where a file of the package is, without loading it. */
export function emulatorPath(name: EmulatorPackage, file: string): string {
  assertEmulatorsInstalled([name]);
  return require.resolve(`${name}/${file}`);
}

function isInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return false;
    throw error;
  }
}
