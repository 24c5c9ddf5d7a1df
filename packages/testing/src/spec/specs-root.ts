import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable that points at the specs folder explicitly. */
export const SPECS_DIR_ENV = 'INFRAFABRIC_SPECS_DIR';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Walks up from `start`, returning the first `<ancestor>/../shared/specs` (or `<ancestor>/shared/specs`). */
function searchUpwards(start: string): string | undefined {
  let current = resolve(start);
  for (;;) {
    for (const candidate of [join(current, '..', 'shared', 'specs'), join(current, 'shared', 'specs')]) {
      if (isDirectory(candidate)) return resolve(candidate);
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function moduleDirectory(): string | undefined {
  try {
    // In the CJS build `import.meta.url` is unavailable; `__dirname` covers that case.
    if (typeof __dirname === 'string') return __dirname;
  } catch {
    // not CommonJS
  }
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * Finds the folder holding the providers' published specs: `$INFRAFABRIC_SPECS_DIR` when set,
 * otherwise a `shared/specs` folder beside the repository root, searched upwards from
 * `process.cwd()` and then from this file's folder (CI clones the repo to `X` with the specs at
 * `X/../shared/specs`). Returns `undefined` when there is none.
 */
export function findSpecsRoot(): string | undefined {
  const fromEnv = process.env[SPECS_DIR_ENV];
  if (fromEnv) return existsSync(fromEnv) ? resolve(fromEnv) : undefined;
  const fromCwd = searchUpwards(process.cwd());
  if (fromCwd) return fromCwd;
  const here = moduleDirectory();
  return here ? searchUpwards(here) : undefined;
}
