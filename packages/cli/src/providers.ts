import type { ProviderSummary } from '@infrafabric/core';
import { UsageError } from './exit-codes';

/**
 * Provider packages of the InfraFabric family the CLI looks for. They are optional peer
 * dependencies: install the ones you use next to the CLI. Any other package that registers a
 * provider works too, through `connections add --package`.
 */
export const KNOWN_PROVIDER_PACKAGES: readonly string[] = [
  '@infrafabric/aws',
  '@infrafabric/azure',
  '@infrafabric/discord',
  '@infrafabric/home-assistant',
  '@infrafabric/obs',
  '@infrafabric/slack',
  '@infrafabric/stripe',
  '@infrafabric/telegram',
  '@infrafabric/twilio',
  '@infrafabric/vmix',
  '@infrafabric/vonage',
  '@infrafabric/whatsapp',
];

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** Core, loaded on first use: it is what makes a cold start slow, so `--help` never loads it. */
export function loadCore(): Promise<typeof import('@infrafabric/core')> {
  return import('@infrafabric/core');
}

/** The package that registers `provider` when no other is given. */
export function defaultPackageFor(provider: string): string {
  return `@infrafabric/${provider}`;
}

function isMissing(error: unknown, packageName: string): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    e.message.includes(packageName)
  );
}

/**
 * Imports a provider package so it registers itself with core (provider packages call
 * `defineProvider` at top level; their SDKs stay lazy until the first call).
 * @returns false when the package is not installed.
 */
export async function importProviderPackage(packageName: string): Promise<boolean> {
  if (!PACKAGE_NAME.test(packageName)) {
    throw new UsageError(`"${packageName}" is not an npm package name.`);
  }
  try {
    await import(packageName);
    return true;
  } catch (error) {
    if (isMissing(error, packageName)) return false;
    throw error;
  }
}

/** Imports a provider package or explains how to install it. */
export async function requireProviderPackage(packageName: string, provider: string): Promise<void> {
  if (await importProviderPackage(packageName)) return;
  throw new UsageError(
    `The "${provider}" provider is not installed (package ${packageName} not found).`,
    `Install it next to the CLI: npm install -g ${packageName} (or add it to your project).`,
  );
}

/** A provider package that is installed but failed to load. */
export interface BrokenPackage {
  packageName: string;
  message: string;
}

/**
 * Imports every installed package of {@link KNOWN_PROVIDER_PACKAGES} and lists the registered
 * providers; a package that fails to load is reported, not fatal.
 */
export async function installedProviders(): Promise<{
  providers: ProviderSummary[];
  broken: BrokenPackage[];
}> {
  const settled = await Promise.allSettled(KNOWN_PROVIDER_PACKAGES.map((p) => importProviderPackage(p)));
  const broken = settled.flatMap((result, i) =>
    result.status === 'rejected'
      ? [
          {
            packageName: KNOWN_PROVIDER_PACKAGES[i] as string,
            message: String((result.reason as Error)?.message ?? result.reason),
          },
        ]
      : [],
  );
  const core = await loadCore();
  return { providers: core.listProviders(), broken };
}
