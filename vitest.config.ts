import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of every workspace package, not their builds.
    alias: [
      { find: /^@infrafabric\/([a-z0-9-]+)$/, replacement: `${packagesDir}/$1/src/index.ts` },
      { find: /^@infrafabric\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packagesDir}/$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tests/*/test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
