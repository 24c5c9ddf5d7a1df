import type { AdapterKind } from '../adapters/adapter';

/** One environment variable a provider reads its credentials from. */
export interface EnvVarSpec {
  /** Variable name, e.g. `SLACK_BOT_TOKEN`. */
  name: string;
  /** Key in the provider's credentials object that the variable fills, e.g. `token`. */
  credential: string;
  /** True for tokens, keys and passwords: masked on output, never logged. */
  secret: boolean;
  /** False when the credential has a default or is only needed for some operations. */
  required: boolean;
  /** What it is and where to find it. */
  description: string;
}

/**
 * Static description of a provider, readable without loading its SDK: what the CLI's
 * `providers` command, config files and the docs' capability matrix are built from.
 */
export interface CatalogEntry<Capabilities = unknown> {
  /** Registry name, e.g. `slack`. */
  name: string;
  kind: AdapterKind;
  /** Human name, e.g. `Slack`. */
  displayName: string;
  /** npm package, e.g. `@infrafabric/slack`. */
  packageName: string;
  /** Provider's API reference. */
  docsUrl: string;
  env: readonly EnvVarSpec[];
  capabilities: Capabilities;
}

/**
 * Reads a provider's credentials from environment variables as its catalog describes them.
 * Explicit values win over the environment. Unset variables are left out, so schema validation
 * reports the missing field by name.
 */
export function credentialsFromEnv(
  entry: Pick<CatalogEntry, 'env'>,
  explicit: Record<string, unknown> = {},
  env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const variable of entry.env) {
    const value = env[variable.name];
    if (value !== undefined && value !== '') out[variable.credential] = value;
  }
  for (const [key, value] of Object.entries(explicit)) if (value !== undefined) out[key] = value;
  return out;
}
