import type { AdapterKind } from '@infrafabric/core';
import { type Command, Option } from 'commander';
import { ConnectionStore, type StoredConnection } from '../config/connections';
import { maskedCredentials, parseCredentialFlags } from '../config/credentials';
import { UsageError } from '../exit-codes';
import { action } from '../action';
import { colors, emit, globalOptions, printFields, printTable, say, success } from '../output';
import { defaultPackageFor, loadCore, requireProviderPackage } from '../providers';
import { adapterFor, pickConnections } from '../session';
import { KINDS } from './providers';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface AddOptions {
  name?: string;
  cred?: string[];
  baseUrl?: string;
  package?: string;
  force?: boolean;
}

function publicView(connection: StoredConnection) {
  return {
    name: connection.name,
    provider: connection.provider,
    kind: connection.kind,
    packageName: connection.packageName,
    baseUrl: connection.baseUrl,
    credentials: maskedCredentials(connection),
    createdAt: connection.createdAt,
  };
}

async function addConnection(
  provider: string,
  options: AddOptions,
  command: Command,
  expectedKind?: AdapterKind,
): Promise<undefined> {
  const packageName = options.package ?? defaultPackageFor(provider);
  await requireProviderPackage(packageName, provider);
  const core = await loadCore();
  const definition = core.getProvider(provider);
  if (!definition) {
    throw new UsageError(`${packageName} does not register a provider named "${provider}".`);
  }
  const { catalog } = definition;
  if (expectedKind && catalog.kind !== expectedKind) {
    throw new UsageError(
      `${provider} is a ${catalog.kind} provider, not ${expectedKind}.`,
      `Use \`infrafabric ${catalog.kind === 'production' ? 'studio' : catalog.kind} add ${provider}\`.`,
    );
  }
  const credentials = parseCredentialFlags(options.cred ?? []);
  const known = new Map(catalog.env.map((v) => [v.credential, v]));
  // Mask everything the catalog does not explicitly call non-secret.
  const secretKeys = Object.keys(credentials).filter((key) => known.get(key)?.secret !== false);
  if (options.baseUrl !== undefined) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new UsageError(`--base-url "${options.baseUrl}" is not a URL.`);
    }
  }
  // Keys are checked against the provider's credentials schema when the connection is used
  // (`connections test`); some providers take credentials their catalog has no variable for.
  for (const [key, value] of Object.entries(credentials)) {
    if (value === '') throw new UsageError(`--cred ${key} is empty.`);
  }
  const connection: StoredConnection = {
    name: options.name ?? provider,
    provider,
    kind: catalog.kind,
    packageName,
    credentials,
    secretKeys,
    baseUrl: options.baseUrl,
    createdAt: new Date().toISOString(),
  };
  const store = new ConnectionStore();
  store.save(connection, { replace: options.force });
  const global = globalOptions(command);
  await emit(global, { ok: true, connection: publicView(connection), path: store.path }, () => {
    success(
      `Saved ${catalog.kind} connection "${connection.name}" (${catalog.displayName}) in ${store.path}`,
    );
    const missing = catalog.env.filter((v) => v.required && !(v.credential in credentials));
    if (missing.length > 0) {
      say(
        colors.dim(
          `Not stored, read from the environment at run time: ${missing.map((v) => `${v.name} (${v.credential})`).join(', ')}`,
        ),
      );
    }
    say(colors.dim(`Check it with: infrafabric connections test ${connection.name}`));
  });
  return undefined;
}

async function listConnections(command: Command, kind?: AdapterKind): Promise<undefined> {
  const global = globalOptions(command);
  const store = new ConnectionStore();
  const connections = store.list().filter((c) => !kind || c.kind === kind);
  await emit(global, connections.map(publicView), async () => {
    if (connections.length === 0) {
      say(
        `No${kind ? ` ${kind}` : ''} connections yet. Add one with \`infrafabric connections add <provider>\`.`,
      );
      return;
    }
    await printTable(
      ['name', 'provider', 'kind', 'credentials', 'base URL'],
      connections.map((c) => [
        c.name,
        c.provider,
        c.kind,
        Object.entries(maskedCredentials(c))
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
        c.baseUrl ?? '',
      ]),
    );
  });
  return undefined;
}

async function testConnection(name: string, command: Command, kind?: AdapterKind): Promise<undefined> {
  const global = globalOptions(command);
  const connection = pickConnections([name], kind)[0]!;
  const adapter = await adapterFor(connection);
  try {
    const identity = await adapter.check();
    await emit(global, { ok: true, connection: name, provider: connection.provider, identity }, () => {
      success(`${name} (${connection.provider}) works`);
      printFields(identity as unknown as Record<string, unknown>);
    });
  } finally {
    await adapter.close?.();
  }
  return undefined;
}

async function removeConnection(name: string, command: Command, kind?: AdapterKind): Promise<undefined> {
  const global = globalOptions(command);
  pickConnections([name], kind); // exists and is of this kind
  new ConnectionStore().remove(name);
  await emit(global, { ok: true, removed: name }, () => success(`Removed connection "${name}"`));
  return undefined;
}

function addCommand(parent: Command, kind?: AdapterKind): void {
  parent
    .command('add')
    .description(`save a ${kind ?? ''}${kind ? ' ' : ''}connection to a provider`)
    .argument('<provider>', 'provider name, e.g. slack (see `infrafabric providers`)')
    .option('--name <name>', 'connection name (default: the provider name)')
    .option(
      '--cred <key=value>',
      'a credential; key=env:VAR stores the reference, not the value (repeatable)',
      collect,
    )
    .option('--base-url <url>', 'API base URL override (proxies, regions, simulators)')
    .option('--package <name>', 'npm package that registers the provider (default @infrafabric/<provider>)')
    .option('--force', 'replace an existing connection of the same name')
    .addHelpText(
      'after',
      '\nExample:\n  $ infrafabric connections add stripe --name shop --cred apiKey=env:STRIPE_SECRET_KEY',
    )
    .action(
      action((provider: string, options: AddOptions, command: Command) =>
        addConnection(provider, options, command, kind),
      ),
    );
}

/**
 * Adds `add`, `test`, `remove` (and `list` unless the group has its own) to a kind's command
 * group, restricted to that kind: `infrafabric chat add slack ...`.
 */
export function registerKindConnectionCommands(
  group: Command,
  kind: AdapterKind,
  options: { list?: boolean } = {},
): void {
  addCommand(group, kind);
  if (options.list !== false) {
    group
      .command('list')
      .description(`list saved ${kind} connections (secrets masked)`)
      .action(action((_o: unknown, command: Command) => listConnections(command, kind)));
  }
  group
    .command('test')
    .description('check the connection with the provider and print the account identity')
    .argument('<name>', 'connection name')
    .action(action((name: string, _o: unknown, command: Command) => testConnection(name, command, kind)));
  group
    .command('remove')
    .description('delete a saved connection')
    .argument('<name>', 'connection name')
    .action(action((name: string, _o: unknown, command: Command) => removeConnection(name, command, kind)));
}

/** `infrafabric connections add|list|test|remove`. */
export function registerConnectionCommands(program: Command): void {
  const group = program
    .command('connections')
    .alias('conn')
    .description(
      `saved provider connections (${'$'}XDG_CONFIG_HOME/infrafabric/connections.json, mode 0600)`,
    );
  addCommand(group);
  group
    .command('list')
    .description('list saved connections (secrets masked)')
    .addOption(new Option('--kind <kind>', 'only connections of this kind').choices(KINDS))
    .action(
      action((options: { kind?: AdapterKind }, command: Command) => listConnections(command, options.kind)),
    );
  group
    .command('test')
    .description('check a connection with its provider and print the account identity')
    .argument('<name>', 'connection name')
    .action(action((name: string, _o: unknown, command: Command) => testConnection(name, command)));
  group
    .command('remove')
    .description('delete a saved connection')
    .argument('<name>', 'connection name')
    .action(action((name: string, _o: unknown, command: Command) => removeConnection(name, command)));
}
