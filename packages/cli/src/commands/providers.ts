import type { AdapterKind, ProviderSummary } from '@infrafabric/core';
import { type Command, Option } from 'commander';
import { action } from '../action';
import { colors, emit, globalOptions, note, printTable, say } from '../output';
import { installedProviders } from '../providers';

/** Adapter kinds, for `--kind` choices (kept here so `--help` need not load core). */
export const KINDS: readonly AdapterKind[] = ['chat', 'cloud', 'sip', 'payment', 'production', 'device'];

function supported(capabilities: unknown): string[] {
  const operations = (capabilities as { operations?: Record<string, boolean> })?.operations ?? {};
  return Object.entries(operations)
    .filter(([, on]) => on)
    .map(([name]) => name);
}

function envColumn(provider: ProviderSummary): string {
  return provider.env
    .map(
      (v) =>
        `${v.name}${v.secret ? colors.yellow(' (secret)') : ''}${v.required ? '' : colors.dim(' optional')}`,
    )
    .join('\n');
}

/** `infrafabric providers [--kind K]`: the catalog of installed providers. */
export function registerProvidersCommand(program: Command): void {
  program
    .command('providers')
    .description('list installed providers: kind, supported operations, environment variables')
    .addOption(new Option('--kind <kind>', 'only providers of this kind').choices(KINDS))
    .addHelpText('after', '\nExample:\n  $ infrafabric providers --kind chat --json')
    .action(
      action(async (options: { kind?: AdapterKind }, command: Command) => {
        const global = globalOptions(command);
        const { providers, broken } = await installedProviders();
        const shown = providers.filter((p) => !options.kind || p.kind === options.kind);
        for (const b of broken)
          note(colors.yellow(`warning: ${b.packageName} is installed but failed to load: ${b.message}`));
        await emit(
          global,
          shown.map((p) => ({ ...p, supportedOperations: supported(p.capabilities) })),
          async () => {
            if (shown.length === 0) {
              say('No providers installed. Install one, e.g. `npm install -g @infrafabric/slack`.');
              return;
            }
            await printTable(
              ['provider', 'kind', 'package', 'operations', 'environment'],
              shown.map((p) => [
                `${p.name}\n${colors.dim(p.displayName)}`,
                p.kind,
                p.packageName,
                supported(p.capabilities).join(', '),
                envColumn(p),
              ]),
            );
          },
        );
        return undefined;
      }),
    );
}
