// The lint holds the architecture of STYLE.md: feature folders meet only at their index.ts,
// platform/ knows no feature, no import cycles, and config.ts alone reads process.env.
// It runs in `npm test` (scripts/test.sh) after tsc and before jest, with 0 warnings allowed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const root = path.dirname(fileURLToPath(import.meta.url));

// Every folder of src/ is a feature except these: platform/ is shared by all, types/ holds
// declarations for untyped packages, config/ the parts of config.ts. app.ts, server.ts, config.ts
// and deps.ts compose features.
const NOT_FEATURES = new Set(['platform', 'types', 'config']);
const features = fs
  .readdirSync(path.join(root, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !NOT_FEATURES.has(entry.name))
  .map((entry) => entry.name);

const featureDoors = features.map((feature) => ({
  target: [`./src/!(${feature})/**`, './src/*.ts', './scripts/**'],
  from: `./src/${feature}`,
  except: ['./index.ts'],
  message: `Import the ${feature} feature through its door, src/${feature}/index.ts.`,
}));

const platformKnowsNoFeature = {
  target: './src/platform',
  from: [...features.map((feature) => `./src/${feature}`), './src/app.ts', './src/server.ts', './src/deps.ts'],
  message: 'platform/ is shared by every feature and imports none.',
};

const processEnv = {
  object: 'process',
  property: 'env',
  message: 'Read settings through loadConfig() in src/config.ts, the only reader of process.env.',
};

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'data/', 'node_modules/', 'public/', 'test-results/', '*.js'] },
  {
    files: ['**/*.ts', 'eslint.config.mjs'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: [...featureDoors, platformKnowsNoFeature] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: { 'no-restricted-properties': ['error', processEnv] },
  },
  {
    // STYLE.md: a role file past ~200 lines becomes a folder.
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 200 }] },
  },
  {
    // Scripts are entry points: they may hand their whole environment on to a child process
    // ({ ...process.env }), but read a setting only through loadConfig().
    files: ['scripts/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: ":not(SpreadElement) > MemberExpression[object.name='process'][property.name='env']", message: processEnv.message },
      ],
    },
  },
);
