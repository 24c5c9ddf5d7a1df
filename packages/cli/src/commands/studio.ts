import { Argument, type Command, Option } from 'commander';
import { action } from '../action';
import { UsageError } from '../exit-codes';
import { runOperation } from '../operation';
import { examples } from '../parse';
import { globalOptions } from '../output';
import { withSession } from '../session';
import { registerKindConnectionCommands } from './connections';

function outputCommand(studio: Command, output: 'stream' | 'record'): void {
  const noun = output === 'stream' ? 'Stream' : 'Record';
  studio
    .command(output)
    .description(`start or stop ${output === 'stream' ? 'streaming' : 'recording'}`)
    .addArgument(new Argument('<action>', 'start, stop or status').choices(['start', 'stop', 'status']))
    .argument('<conn>', 'studio connection name')
    .action(
      action(async (verb: 'start' | 'stop' | 'status', conn: string, _options: unknown, command: Command) => {
        const global = globalOptions(command);
        const operation = verb === 'status' ? `get${noun}Status` : `${verb}${noun}`;
        return withSession(global, [conn], 'production', (session) =>
          runOperation(
            session,
            global,
            'production',
            conn,
            operation,
            {},
            {
              done: () =>
                verb === 'status'
                  ? `${noun} status of ${conn}`
                  : `${noun} ${verb === 'start' ? 'started' : 'stopped'} on ${conn}`,
              show: verb === 'status' ? undefined : () => undefined,
            },
          ),
        );
      }),
    );
}

/** `infrafabric studio scene|stream|record` and `infrafabric device call`, plus their connection commands. */
export function registerStudioCommands(program: Command): void {
  const studio = program.command('studio').description('live production switchers: OBS Studio, vMix');
  registerKindConnectionCommands(studio, 'production');

  studio
    .command('scene')
    .description('put a scene on program (live)')
    .addHelpText('after', examples("infrafabric studio scene obs 'Live'"))
    .argument('<conn>', 'studio connection name')
    .argument('<name>', 'scene name')
    .action(
      action(async (conn: string, scene: string, _options: unknown, command: Command) => {
        const global = globalOptions(command);
        return withSession(global, [conn], 'production', (session) =>
          runOperation(
            session,
            global,
            'production',
            conn,
            'setProgramScene',
            { scene },
            {
              done: () => `"${scene}" is on program on ${conn}`,
              show: () => undefined,
            },
          ),
        );
      }),
    );
  outputCommand(studio, 'stream');
  outputCommand(studio, 'record');

  const device = program.command('device').description('device hubs: Home Assistant');
  registerKindConnectionCommands(device, 'device');
  device
    .command('call')
    .description('call a service, e.g. light.turn_on')
    .addHelpText(
      'after',
      examples(
        'infrafabric device call home light.turn_on --entity light.studio --data \'{"brightness_pct":40}\'',
      ),
    )
    .argument('<conn>', 'device connection name')
    .argument('<service>', 'domain.service, e.g. light.turn_on')
    .addOption(new Option('--entity <id...>', 'target entity ids, e.g. light.studio'))
    .option('--area <id...>', 'target area ids')
    .option('--data <json>', 'service data as JSON, e.g. \'{"brightness_pct":40}\'')
    .option('--dry-run', 'validate only; call nothing')
    .action(
      action(
        async (
          conn: string,
          service: string,
          options: { entity?: string[]; area?: string[]; data?: string; dryRun?: boolean },
          command: Command,
        ) => {
          const global = globalOptions(command);
          const [domain, name, ...rest] = service.split('.');
          if (!domain || !name || rest.length > 0) {
            throw new UsageError(`"${service}" is not domain.service.`, 'Example: light.turn_on');
          }
          let data: Record<string, unknown> | undefined;
          if (options.data !== undefined) {
            try {
              data = JSON.parse(options.data) as Record<string, unknown>;
            } catch (error) {
              throw new UsageError(`--data is not JSON: ${(error as Error).message}`);
            }
          }
          const input = {
            domain,
            service: name,
            target: { entityId: options.entity, areaId: options.area },
            data,
          };
          return withSession(global, [conn], 'device', (session) =>
            runOperation(session, global, 'device', conn, 'callService', input, {
              dryRun: options.dryRun,
              done: (out) =>
                `${service} changed ${(out as unknown[]).length} entit${(out as unknown[]).length === 1 ? 'y' : 'ies'}`,
              show: () => undefined,
            }),
          );
        },
      ),
    );
}
