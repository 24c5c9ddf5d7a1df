import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/cli */
export const CLI_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** The built bin the tests run. */
export const CLI_BIN = join(CLI_DIR, 'dist', 'cli.js');
const ROOT = join(CLI_DIR, '..', '..');

/** Workspace packages the tests load through the built CLI. */
const DEPENDENCIES = [
  'core',
  'testing',
  'stripe',
  'slack',
  'telegram',
  'twilio',
  'aws',
  'obs',
  'home-assistant',
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function pnpm(args: string[]): void {
  execFileSync('pnpm', args, { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
}

/**
 * Builds the CLI (and any workspace dependency whose dist is missing) once, however many test
 * files ask at the same time: a lock directory serializes them and a fresh dist is not rebuilt.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(CLI_DIR, 'node_modules', '.cli-test-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmdirSync(lock);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    for (const name of DEPENDENCIES) {
      if (!existsSync(join(ROOT, 'packages', name, 'dist', 'index.js')))
        pnpm(['--filter', `@infrafabric/${name}`, 'build']);
    }
    const fresh = existsSync(CLI_BIN) && statSync(CLI_BIN).mtimeMs > newestSource(join(CLI_DIR, 'src'));
    if (!fresh) pnpm(['--filter', '@infrafabric/cli', 'build']);
  } finally {
    rmdirSync(lock);
  }
}
