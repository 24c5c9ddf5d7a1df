// Core's build carries zod inside it (one module to load instead of ~225: a faster cold start),
// with English messages only; other locales load from the installed zod when first asked for.
// These checks keep that true, keep the `zod` dependency (which provides the type declarations)
// pinned to the version that was bundled, and make sure zod's licence ships with the build.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = join(import.meta.dirname, '..', '..', '..', 'packages', 'core');
const dist = (file: string) => {
  const path = join(coreDir, 'dist', file);
  if (!existsSync(path)) throw new Error(`Build first (pnpm run build): missing ${path}`);
  return path;
};

describe('@infrafabric/core bundles zod', () => {
  it('loads no separate zod module at run time (ESM and CJS builds); other locales load on first use', () => {
    const esm = readFileSync(dist('index.js'), 'utf8');
    const cjs = readFileSync(dist('index.cjs'), 'utf8');
    expect(esm).not.toMatch(/from\s*["']zod(\/[^"']*)?["']/);
    expect(esm).not.toMatch(/import\(\s*["']zod/);
    expect(cjs).not.toMatch(/require\(\s*["']zod(\/[^"']*)?["']\s*\)/);
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { registerHooks } from 'node:module';
         const zodFiles = [];
         registerHooks({ resolve(specifier, context, next) {
           const resolved = next(specifier, context);
           if (resolved.url.includes('/node_modules/zod/')) zodFiles.push(resolved.url);
           return resolved;
         } });
         const { z } = await import(${JSON.stringify(dist('index.js'))});
         const parsed = z.object({ a: z.string() }).parse({ a: 'x' });
         const english = z.string().safeParse(1).error.issues[0].message;
         const atImport = zodFiles.length;
         const french = z.locales.fr();
         const cjs = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(dist('index.cjs'))});
         console.log(JSON.stringify({
           parsed, english, atImport,
           cjs: { parsed: cjs.z.object({ b: z.number() }).parse({ b: 1 }), german: typeof cjs.z.locales.de().localeError },
           localeLoadsOnUse: zodFiles.some((url) => url.endsWith('/v4/locales/fr.cjs')),
           french: typeof french.localeError,
         }));`,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out.trim())).toEqual({
      parsed: { a: 'x' },
      english: 'Invalid input: expected string, received number',
      atImport: 0,
      cjs: { parsed: { b: 1 }, german: 'function' },
      localeLoadsOnUse: true,
      french: 'function',
    });
    // Only English is bundled; other locales are loaded from the installed zod on first use.
    expect(esm).not.toContain('caractères');
  });

  it('pins the zod dependency (its type declarations) to the version that was bundled', () => {
    const manifest = JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const installed = JSON.parse(
      readFileSync(createRequire(join(coreDir, 'package.json')).resolve('zod/package.json'), 'utf8'),
    ) as { version: string };
    // zod's own version record, as bundled into each build.
    for (const file of ['index.js', 'index.cjs']) {
      const bundled =
        /zod\/v4\/core\/versions\.js\s+var version\S* = \{\s+major: (\d+),\s+minor: (\d+),\s+patch: (\d+)/.exec(
          readFileSync(dist(file), 'utf8'),
        );
      expect(bundled?.slice(1).join('.'), file).toBe(manifest.dependencies.zod);
    }
    expect(manifest.dependencies.zod).toBe(installed.version);
  });

  it("ships zod's MIT licence beside the build", () => {
    expect(readFileSync(dist('zod.LICENSE'), 'utf8')).toMatch(/MIT License/);
  });
});
