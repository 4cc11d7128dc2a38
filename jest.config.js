/** Unit tests run alone; integration and e2e share one local stack (DynamoDB Local, s3rver, SES) per run. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
// otplib's default plugins (@scure/base, @noble/hashes) ship ES modules only: Node requires them
// natively, jest's module loader does not, so they are compiled to CommonJS like our own files.
const esmOnly = ['@scure', '@noble'];
const esmJs = ['ts-jest', { tsconfig: { allowJs: true, target: 'es2022', module: 'commonjs' }, isolatedModules: true }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest, [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: esmJs },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)(?!.*/node_modules/(${esmOnly.join('|')})/)`],
};

module.exports = {
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/slow-tests.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/slow-tests.ts'] },
  ],
};
