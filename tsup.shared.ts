import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM + CJS + `.d.ts`/`.d.cts`, Node 22 target,
 * official SDKs and workspace packages left external so they stay lazy and deduplicated.
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node22',
    platform: 'node',
    splitting: false,
    // import.meta.url in the CJS build (core loads libphonenumber-js lazily with createRequire).
    shims: true,
    treeshake: true,
    ...overrides,
  });
}
