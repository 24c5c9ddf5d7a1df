// Cold start: importing core + every provider package (built) vs importing their official SDKs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchResult } from './dispatch.bench';

const root = join(import.meta.dirname, '..');

function measure(specifiers: string[], runs = 9): { ms: number; mb: number } {
  const script = `
    const before = process.memoryUsage().rss;
    const t = performance.now();
    for (const s of ${JSON.stringify(specifiers)}) await import(s);
    const ms = performance.now() - t;
    globalThis.gc?.();
    console.log(JSON.stringify({ ms, mb: (process.memoryUsage().rss - before) / 1048576 }));`;
  const samples: Array<{ ms: number; mb: number }> = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    samples.push(JSON.parse(out.trim().split('\n').at(-1)!));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(samples.map((s) => s.ms)), mb: median(samples.map((s) => s.mb)) };
}

/** Best-of-N wall time of `infrafabric --help` (the built binary), in ms. */
function cliHelpMs(runs = 7): number {
  const bin = join(root, 'packages', 'cli', 'dist', 'cli.js');
  if (!existsSync(bin)) throw new Error('Build first: pnpm build');
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(process.execPath, [bin, '--help'], { cwd: root, stdio: 'pipe' });
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export async function runColdStartBenchmarks(): Promise<BenchResult[]> {
  // Core plus the provider packages (not the testing kit, the CLI or the queue transport).
  const notProviders = new Set(['testing', 'cli', 'queue-bullmq']);
  const packages = readdirSync(join(root, 'packages')).filter(
    (p) => !notProviders.has(p) && existsSync(join(root, 'packages', p, 'dist', 'index.js')),
  );
  if (!packages.includes('core')) throw new Error('Build first: pnpm build');
  const ours = ['core', ...packages.filter((p) => p !== 'core')].map((p) =>
    join(root, 'packages', p, 'dist', 'index.js'),
  );
  const sdkNames = new Set([
    'stripe',
    'twilio',
    'discord.js',
    '@aws-sdk/client-ec2',
    '@azure/arm-compute',
    '@azure/identity',
    '@vonage/server-sdk',
    '@slack/web-api',
    'grammy',
    'obs-websocket-js',
  ]);
  const sdks: string[] = [];
  for (const p of packages) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const require = createRequire(join(root, 'packages', p, 'package.json'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (!sdkNames.has(dep)) continue;
      try {
        sdks.push(require.resolve(dep));
      } catch {
        // Not resolvable as CJS from here; skip.
      }
    }
  }
  const mine = measure(ours);
  const theirs = measure([...new Set(sdks)]);
  const ratio = mine.ms / theirs.ms;
  const results: BenchResult[] = [
    {
      name: `cold start: import core + ${packages.length - 1} provider packages (no SDK loaded)`,
      value: Math.round(mine.ms),
      unit: 'ms',
      detail: `+${mine.mb.toFixed(1)} MiB RSS; importing their ${new Set(sdks).size} official SDKs directly: ${Math.round(theirs.ms)} ms, +${theirs.mb.toFixed(1)} MiB`,
    },
    {
      name: 'cold start ratio (ours / official SDKs)',
      value: Math.round(ratio * 1000) / 1000,
      unit: '×',
      target: '< 0.15',
      pass: ratio < 0.15,
    },
  ];
  const bundle = await build({
    entryPoints: [join(root, 'packages/core/dist/index.js')],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'node',
    external: ['@opentelemetry/api'],
  });
  const bytes = bundle.outputFiles[0]!.contents;
  results.push({
    name: 'core bundle size (min + gzip, with zod; libphonenumber-js and yaml load on first use)',
    value: Math.round(gzipSync(bytes).byteLength / 1024),
    unit: 'KiB',
    detail: `${Math.round(bytes.byteLength / 1024)} KiB minified`,
  });
  const help = cliHelpMs();
  results.push({
    name: 'CLI start-up: `infrafabric --help` (built binary, best of 7)',
    value: Math.round(help),
    unit: 'ms',
    target: '< 150 ms',
    pass: help < 150,
  });
  return results;
}
