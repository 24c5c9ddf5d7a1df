import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAwsQuerySpec } from './aws-query-spec';
import { createObsSpec } from './obs-spec';
import { createOpenApiSpec } from './openapi-spec';
import { findSpecsRoot } from './specs-root';
import { createTelegramSpec } from './telegram-spec';
import type { ApiSpec, LoadSpecOptions } from './types';

const cache = new Map<string, ApiSpec>();

function create(name: string, file: string, options: LoadSpecOptions): ApiSpec {
  switch (options.format) {
    case 'openapi':
      return createOpenApiSpec(name, file, false, options.serverUrl);
    case 'swagger2':
      return createOpenApiSpec(name, file, true, options.serverUrl);
    case 'telegram':
      return createTelegramSpec(name, file, options.serverUrl);
    case 'obs':
      return createObsSpec(name, file);
    case 'aws-query':
      return createAwsQuerySpec(name, file, options.serverUrl);
    default:
      throw new Error(`Unknown spec format "${String(options.format)}"`);
  }
}

/**
 * Loads a provider's published spec from the specs root (see {@link findSpecsRoot}), e.g.
 * `loadSpec('stripe/spec3.yaml', { format: 'openapi', serverUrl: 'https://api.stripe.com' })`.
 * Returns `undefined` when the specs folder or the file is absent. Specs are cached per
 * path + options, and parsed files once per process.
 */
export function loadSpec(relativePath: string, options: LoadSpecOptions): ApiSpec | undefined {
  const root = findSpecsRoot();
  if (!root) return undefined;
  const file = join(root, relativePath);
  if (!existsSync(file)) return undefined;
  const key = `${file}|${options.format}|${options.serverUrl ?? ''}`;
  let spec = cache.get(key);
  if (!spec) {
    spec = create(relativePath, file, options);
    cache.set(key, spec);
  }
  return spec;
}

/**
 * Like {@link loadSpec}, for tests: when the spec is missing it skips the test (printing why) or,
 * when `process.env.CI === 'true'`, throws so a CI run never passes without its spec checks.
 *
 * @example
 * ```ts
 * it('sends requests Stripe documents', (ctx) => {
 *   const spec = requireSpec(ctx, 'stripe/spec3.yaml', { format: 'openapi', serverUrl: 'https://api.stripe.com' });
 *   // ...run the adapter against msw, then:
 *   expectRequestsToMatchSpec(spec, log.requests);
 * });
 * ```
 */
export function requireSpec(
  ctx: { skip: (note?: string) => void },
  relativePath: string,
  options: LoadSpecOptions,
): ApiSpec {
  const spec = loadSpec(relativePath, options);
  if (spec) return spec;
  const root = findSpecsRoot();
  const reason = root
    ? `spec ${relativePath} not found under ${root}`
    : `spec ${relativePath} not found: no specs folder (set INFRAFABRIC_SPECS_DIR or put the specs at <repo>/../shared/specs)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; spec checks are mandatory in CI`);
  console.info(`Skipping spec check: ${reason}`);
  ctx.skip(reason);
  // ctx.skip throws in vitest; a context whose skip returns cannot continue without a spec either.
  throw new Error(`Skipped: ${reason}`);
}
