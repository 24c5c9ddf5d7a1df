import type { Server } from '@infrafabric/core';
import type { Command } from 'commander';
import { action } from '../action';
import { ConnectionStore } from '../config/connections';
import { confirmAction } from '../confirm';
import { ExitCode } from '../exit-codes';
import { runOperation } from '../operation';
import { examples, wholeNumberFlag } from '../parse';
import { colors, emit, globalOptions, note, printTable, say } from '../output';
import { withSession } from '../session';
import { registerKindConnectionCommands } from './connections';

interface ProvisionOptions {
  size: string;
  image: string;
  region: string;
  name?: string;
  tag?: string[];
  userData?: string;
  wait?: boolean;
  timeout: number;
  dryRun?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function serverRow(connection: string, s: Server): string[] {
  return [
    connection,
    s.id,
    s.name ?? '',
    s.status,
    s.region ?? '',
    s.size ?? '',
    s.addresses.public.join(', '),
  ];
}

/** `infrafabric cloud provision|list|destroy` plus the cloud connection commands. */
export function registerCloudCommands(program: Command): void {
  const cloud = program.command('cloud').description('cloud servers: AWS EC2, Azure VMs...');
  registerKindConnectionCommands(cloud, 'cloud', { list: false });

  cloud
    .command('provision')
    .description('create a server (spends money)')
    .argument('<conn>', 'cloud connection name')
    .requiredOption('--size <size>', 'instance size, e.g. t3.micro')
    .requiredOption('--image <image>', 'image id, e.g. ami-0123...')
    .requiredOption('--region <region>', 'region, e.g. eu-west-1')
    .option('--name <name>', 'server name (default infrafabric-<time>)')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .option('--user-data <script>', 'cloud-init user data')
    .option('--wait', 'wait until the server is running, showing progress')
    .option('--timeout <seconds>', 'with --wait: give up after this long', wholeNumberFlag('--timeout'), 600)
    .option('--dry-run', 'validate and estimate; create nothing')
    .addHelpText(
      'after',
      '\nExample:\n  $ infrafabric cloud provision aws --size t3.micro --image ami-0abc --region eu-west-1 --wait',
    )
    .action(
      action(async (conn: string, options: ProvisionOptions, command: Command) => {
        const global = globalOptions(command);
        const tags: Record<string, string> = Object.fromEntries(
          (options.tag ?? []).map((t) => [t.split('=')[0], t.split('=').slice(1).join('=')]),
        );
        const spec = {
          name: options.name ?? `infrafabric-${Date.now().toString(36)}`,
          size: options.size,
          image: options.image,
          region: options.region,
          userData: options.userData,
          tags: options.tag ? tags : undefined,
        };
        return withSession(global, [conn], 'cloud', async (session) => {
          if (options.dryRun || !options.wait) {
            return runOperation(session, global, 'cloud', conn, 'createServer', spec, {
              dryRun: options.dryRun,
              done: (out) =>
                `Created ${(out as Server).id} (${(out as Server).status}); follow it with \`infrafabric cloud list ${conn}\``,
            });
          }
          const { bus, core } = session;
          const server = await bus.cloud.provision(conn, spec);
          note(`${colors.cyan('…')} ${server.id} ${server.status}`);
          // Each poll goes through the Bus (policies, audit) and prints the status it saw.
          const watcher = {
            provider: conn,
            getServer: async (ref: { id: string }, callOptions?: { signal?: AbortSignal | undefined }) => {
              const seen = await bus.cloud.getServer(conn, ref, callOptions);
              note(`${colors.cyan('…')} ${seen.id} ${seen.status}`);
              return seen;
            },
          };
          const running = await core.waitForServerStatus(watcher, {
            id: server.id,
            status: 'running',
            timeoutMs: options.timeout * 1000,
            pollIntervalMs: 1000,
          });
          await emit(global, { ok: true, connection: conn, result: running }, () =>
            say(
              `${colors.green('✔')} ${running.id} is running${running.addresses.public.length ? ` at ${running.addresses.public.join(', ')}` : ''}`,
            ),
          );
          return undefined;
        });
      }),
    );

  cloud
    .command('list')
    .description('list servers on every cloud connection (or the ones named)')
    .addHelpText('after', examples('infrafabric cloud list', 'infrafabric --json cloud list aws-eu'))
    .argument('[conn...]', 'cloud connection names (default: all)')
    .action(
      action(async (conns: string[], _options: unknown, command: Command) => {
        const global = globalOptions(command);
        const names =
          conns.length > 0
            ? conns
            : new ConnectionStore()
                .list()
                .filter((c) => c.kind === 'cloud')
                .map((c) => c.name);
        if (names.length === 0) {
          await emit(global, [], () =>
            say('No cloud connections. Add one with `infrafabric cloud add aws`.'),
          );
          return undefined;
        }
        return withSession(global, names, 'cloud', async ({ bus }) => {
          const settled = await Promise.allSettled(names.map((n) => bus.cloud.listServers(n, {})));
          const rows = settled.flatMap((r, i) =>
            r.status === 'fulfilled'
              ? r.value.map((s) => ({ connection: names[i] as string, server: s }))
              : [],
          );
          const failed = settled.flatMap((r, i) =>
            r.status === 'rejected' ? [{ connection: names[i] as string, error: r.reason as Error }] : [],
          );
          await emit(global, { servers: rows, failed }, async () => {
            await printTable(
              ['connection', 'id', 'name', 'status', 'region', 'size', 'public IP'],
              rows.map((r) => serverRow(r.connection, r.server)),
            );
            for (const f of failed) note(colors.red(`${f.connection}: ${f.error.message}`));
          });
          if (failed.length === 0) return undefined;
          return failed.length === names.length ? ExitCode.Failed : ExitCode.Partial;
        });
      }),
    );

  cloud
    .command('destroy')
    .description('destroy a server (asks for confirmation unless --yes)')
    .addHelpText(
      'after',
      examples(
        'infrafabric cloud destroy aws --resource i-0abc123',
        'infrafabric cloud destroy aws --resource i-0abc123 --yes',
      ),
    )
    .argument('<conn>', 'cloud connection name')
    .requiredOption('--resource <id>', 'server id')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'validate only; destroy nothing')
    .action(
      action(
        async (
          conn: string,
          options: { resource: string; yes?: boolean; dryRun?: boolean },
          command: Command,
        ) => {
          const global = globalOptions(command);
          return withSession(global, [conn], 'cloud', async (session) => {
            if (!options.dryRun && !options.yes) {
              const confirmed = await confirmAction(
                `Destroy ${options.resource} on ${conn}? This cannot be undone.`,
              );
              if (!confirmed) {
                await emit(global, { ok: false, cancelled: true }, () =>
                  say('Cancelled; nothing was destroyed.'),
                );
                return ExitCode.Failed;
              }
            }
            return runOperation(
              session,
              global,
              'cloud',
              conn,
              'destroyServer',
              { id: options.resource },
              {
                dryRun: options.dryRun,
                done: () => `Destroyed ${options.resource} on ${conn}`,
                show: () => undefined,
              },
            );
          });
        },
      ),
    );
}
