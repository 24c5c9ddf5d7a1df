import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { Plugin } from 'esbuild';
import { packageBuild } from '../../tsup.shared';

const require = createRequire(import.meta.url);
const zodDir = dirname(require.resolve('zod/package.json'));

/**
 * zod's 60-odd error-message locales are 40 % of its code, and all but English go unused unless an
 * app calls `z.config(z.locales.xx())`. This replaces zod's locale index with one that bundles
 * English (zod's default) and loads any other locale from the installed zod on first call.
 */
const lazyZodLocales: Plugin = {
  name: 'lazy-zod-locales',
  setup(build) {
    // Imported from inside zod's folder (compared as a relative path: no drive-letter case issues).
    const insideZod = (file: string) => {
      const path = relative(zodDir, file);
      return path !== '' && !path.startsWith('..') && !isAbsolute(path);
    };
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      insideZod(args.importer) ? { path: 'zod-locales', namespace: 'lazy-zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-zod-locales' }, () => {
      const index = readFileSync(join(zodDir, 'v4', 'locales', 'index.js'), 'utf8');
      const locales = [...index.matchAll(/export \{ default as (\w+) \} from "\.\/([\w-]+)\.js";/g)];
      const exported = index.split('\n').filter((line) => line.startsWith('export')).length;
      if (locales.length !== exported || locales.length === 0)
        throw new Error(
          `zod's locale index changed shape (${exported} exports, ${locales.length} understood): update lazyZodLocales.`,
        );
      const lines = [
        // Relative to zod's folder (resolveDir): no machine's path ends up in the build.
        "import en from './v4/locales/en.js';",
        `import { createRequire } from 'node:module';`,
        'const load = createRequire(import.meta.url);',
        // A locale's CommonJS file exports its function as `module.exports` (older ones: `.default`).
        'const lazy = (file) => (...args) => {',
        "  const locale = load('zod/v4/locales/' + file + '.cjs');",
        "  return (typeof locale === 'function' ? locale : locale.default)(...args);",
        '};',
        'export { en };',
        ...locales
          .filter(([, name]) => name !== 'en')
          .map(([, name, file]) => `export const ${name} = lazy(${JSON.stringify(file)});`),
      ];
      return { contents: lines.join('\n'), loader: 'js', resolveDir: zodDir };
    });
  },
};

// zod is bundled into core's build: one module instead of zod's ~225 makes importing core about
// 25–40 ms faster (see docs/PERFORMANCE.md, cold start). Core re-exports it as `z`, and every
// InfraFabric package takes `z` from core, so they all share one zod. The `zod` dependency
// stays, pinned to the bundled version, for the type declarations (and the locales loaded on
// first use). Its MIT licence ships beside the build.
export default packageBuild({
  noExternal: ['zod'],
  esbuildPlugins: [lazyZodLocales],
  onSuccess: async () => {
    copyFileSync(join(zodDir, 'LICENSE'), join('dist', 'zod.LICENSE'));
  },
});
