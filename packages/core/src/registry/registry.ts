import type { z } from 'zod';
import type { AdapterKind, AnyAdapter } from '../adapters/adapter';
import { ValidationError } from '../errors/infrafabric-error';
import { parseInput } from '../schemas/validate';
import { CORE_VERSION } from '../version';
import { type CatalogEntry, credentialsFromEnv } from './catalog';
import { registerSecrets } from './secrets';

/** Options every provider factory accepts besides credentials. */
export interface ProviderFactoryOptions {
  /** API base URL override (regions, proxies, simulators in tests). */
  baseUrl?: string | undefined;
  /** A `fetch` to use instead of the global one, for providers that call HTTP through fetch. */
  fetch?: typeof fetch | undefined;
  /** Instance name on a Bus, when using several adapters of one provider. */
  name?: string | undefined;
}

/** A provider as registered: catalog, credentials schema and factory. */
export interface ProviderDefinition<
  Credentials = Record<string, unknown>,
  TAdapter extends AnyAdapter = AnyAdapter,
  Options extends ProviderFactoryOptions = ProviderFactoryOptions,
> {
  catalog: CatalogEntry;
  /** Schema of the credentials object (restrictive: unknown keys are errors). */
  credentials: z.ZodType<Credentials>;
  /** Builds an adapter from validated credentials. Must not load the provider's SDK yet. */
  create(credentials: Credentials, options?: Options): TAdapter;
}

/** What `listProviders()` returns for each registered provider. */
export interface ProviderSummary {
  name: string;
  kind: AdapterKind;
  displayName: string;
  packageName: string;
  docsUrl: string;
  capabilities: unknown;
  env: CatalogEntry['env'];
}

const REGISTRY_KEY = Symbol.for('infrafabric.registry');
/** Layout version of the shared registry object; bump on an incompatible change. */
const REGISTRY_FORMAT = 1;

interface SharedRegistry {
  format: number;
  /** Versions of core that attached to this registry (for diagnostics). */
  coreVersions: Set<string>;
  providers: Map<string, ProviderDefinition<never, AnyAdapter, ProviderFactoryOptions>>;
}

/**
 * The registry lives on `globalThis` under a global symbol so that two copies of core (an ESM and
 * a CJS build, or two versions in one `node_modules`) share one set of providers.
 */
function registry(): SharedRegistry {
  const holder = globalThis as unknown as Record<symbol, SharedRegistry | undefined>;
  const existing = holder[REGISTRY_KEY];
  if (existing) {
    if (existing.format !== REGISTRY_FORMAT) {
      throw new Error(
        `@infrafabric/core ${CORE_VERSION} found a provider registry of format ${existing.format} (expected ${REGISTRY_FORMAT}) from another copy of core. Deduplicate @infrafabric/core (e.g. \`pnpm dedupe\`) so every provider uses one compatible version.`,
      );
    }
    existing.coreVersions.add(CORE_VERSION);
    return existing;
  }
  const created: SharedRegistry = {
    format: REGISTRY_FORMAT,
    coreVersions: new Set([CORE_VERSION]),
    providers: new Map(),
  };
  holder[REGISTRY_KEY] = created;
  return created;
}

/**
 * Declares a provider and registers it. Provider packages call this at module top level, so
 * importing the package is what makes `createAdapter('slack', ...)` work.
 *
 * Registering the same provider again from the same package (a second copy, ESM and CJS) is a
 * no-op; a different package claiming the same name is an error.
 *
 * @example
 * ```ts
 * export const slackProvider = defineProvider({ catalog, credentials: slackCredentialsSchema, create: createSlack });
 * ```
 */
export function defineProvider<
  Credentials,
  TAdapter extends AnyAdapter,
  Options extends ProviderFactoryOptions,
>(
  definition: ProviderDefinition<Credentials, TAdapter, Options>,
): ProviderDefinition<Credentials, TAdapter, Options> {
  const { providers } = registry();
  const existing = providers.get(definition.catalog.name);
  if (existing && existing.catalog.packageName !== definition.catalog.packageName) {
    throw new Error(
      `Provider name "${definition.catalog.name}" is registered by ${existing.catalog.packageName} and again by ${definition.catalog.packageName}. Uninstall one of them.`,
    );
  }
  if (!existing) providers.set(definition.catalog.name, definition as unknown as ProviderDefinition<never>);
  return definition;
}

/** The registered definition of `name`, or undefined. */
export function getProvider(name: string): ProviderDefinition<unknown> | undefined {
  return registry().providers.get(name) as ProviderDefinition<unknown> | undefined;
}

/** Every registered provider (optionally of one kind), sorted by name. */
export function listProviders(filter: { kind?: AdapterKind } = {}): ProviderSummary[] {
  return [...registry().providers.values()]
    .filter((p) => !filter.kind || p.catalog.kind === filter.kind)
    .map(({ catalog }) => ({
      name: catalog.name,
      kind: catalog.kind,
      displayName: catalog.displayName,
      packageName: catalog.packageName,
      docsUrl: catalog.docsUrl,
      capabilities: catalog.capabilities,
      env: catalog.env,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Builds an adapter of a registered provider by name: credentials are taken from `credentials`,
 * falling back to the environment variables in the provider's catalog, and validated before
 * anything else happens.
 *
 * @throws ValidationError naming the missing or bad credential field, or an unknown provider.
 * @example
 * ```ts
 * import '@infrafabric/slack';
 * const slack = createAdapter('slack', { token: process.env.SLACK_BOT_TOKEN });
 * ```
 */
export function createAdapter<TAdapter extends AnyAdapter = AnyAdapter>(
  name: string,
  credentials: Record<string, unknown> = {},
  options: ProviderFactoryOptions & Record<string, unknown> = {},
  env?: Record<string, string | undefined>,
): TAdapter {
  const definition = getProvider(name);
  if (!definition) {
    const known = listProviders().map((p) => p.name);
    throw new ValidationError(
      `Unknown provider "${name}". Install and import its package (e.g. @infrafabric/${name}). Registered: ${known.join(', ') || 'none'}.`,
      { field: 'provider', rule: 'registered' },
    );
  }
  const merged = credentialsFromEnv(definition.catalog, credentials, env);
  const parsed = parseInput(definition.credentials, merged, {
    provider: name,
    operation: 'createAdapter',
    path: 'credentials',
  });
  const secretKeys = new Set(definition.catalog.env.filter((v) => v.secret).map((v) => v.credential));
  registerSecrets(
    Object.entries(merged)
      .filter(([k, v]) => secretKeys.has(k) && typeof v === 'string')
      .map(([, v]) => v as string),
  );
  return definition.create(parsed, options) as TAdapter;
}
