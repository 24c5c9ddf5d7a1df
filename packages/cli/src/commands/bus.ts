import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { BroadcastResult, BroadcastTarget, InboundEvent, Profile, StepEvent } from '@infrafabric/core';
import type { Command } from 'commander';
import { action } from '../action';
import { ConnectionStore } from '../config/connections';
import { ExitCode, type ExitCodeValue, UsageError } from '../exit-codes';
import { colors, emit, type GlobalOptions, globalOptions, note, printJson, printTable, say } from '../output';
import { examples, wholeNumberFlag } from '../parse';
import { loadCore } from '../providers';
import { type Session, withSession } from '../session';
import { startWebhookServer } from '../webhook-server';

/** Parses `conn:chatId[,conn:chatId...]` (the chat id may itself contain colons). */
export function parseTargets(list: string): BroadcastTarget[] {
  return list
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const colon = t.indexOf(':');
      if (colon <= 0 || colon === t.length - 1) {
        throw new UsageError(
          `Target "${t}" is not connection:chatId.`,
          'Example: --to slack:C0123,telegram:@ops',
        );
      }
      return { provider: t.slice(0, colon), chatId: t.slice(colon + 1) };
    });
}

function statusOf(result: BroadcastResult): ExitCodeValue {
  return result.status === 'success'
    ? ExitCode.Ok
    : result.status === 'partial'
      ? ExitCode.Partial
      : ExitCode.Failed;
}

async function printBroadcast(result: BroadcastResult): Promise<void> {
  await printTable(
    ['target', 'status', 'message / error'],
    result.results.map((r) => [
      `${r.target.provider}:${r.target.chatId}`,
      r.status === 'sent'
        ? colors.green('sent')
        : r.status === 'skipped'
          ? colors.yellow('skipped')
          : colors.red(r.status),
      r.status === 'sent'
        ? r.message.id
        : r.status === 'skipped'
          ? r.reason
          : `${r.error.code}: ${r.error.message}`,
    ]),
  );
  say(`overall: ${result.status}`);
}

function describeEvent(event: InboundEvent): string {
  const e = event as InboundEvent & {
    message?: { sender?: { id: string; name?: string }; text?: string; chatId?: string };
  };
  if (event.type === 'message' && e.message) {
    return `${colors.cyan(event.provider)} ${e.message.chatId} ${e.message.sender?.name ?? e.message.sender?.id}: ${e.message.text ?? '(media)'}`;
  }
  return `${colors.cyan(event.provider)} ${event.type} ${event.id}`;
}

interface ServeOptions {
  port: string;
  host: string;
  publicUrl?: string;
  maxEvents?: number;
  poll?: boolean;
}

/** Starts the webhook server over the session's bus and streams the inbox until interrupted. */
async function serveInbox(
  session: Session,
  global: GlobalOptions,
  options: ServeOptions,
  mode: 'inbox' | 'route',
): Promise<ExitCodeValue> {
  const { bus } = session;
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port ${options.port} is not a port number.`);
  const server = await startWebhookServer(bus.webhooks.handle, {
    host: options.host,
    port,
    publicUrl: options.publicUrl,
  });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const receivers = session.connections.filter(
    (c) =>
      typeof (bus.adapters().find((a) => a.name === c.name) as { parseWebhook?: unknown } | undefined)
        ?.parseWebhook === 'function',
  );
  for (const c of receivers) note(`listening: ${server.origin}/webhooks/${c.name}`);
  const deaf = session.connections.filter((c) => !receivers.includes(c)).map((c) => c.name);
  if (deaf.length > 0)
    note(colors.dim(`no webhooks for: ${deaf.join(', ')}${options.poll ? '' : ' (try --poll)'}`));
  if (options.poll) {
    for (const c of session.connections) {
      bus
        .listen(c.name, stop.signal)
        .catch((error: unknown) => note(colors.yellow(`${c.name}: ${(error as Error).message}`)));
    }
  }
  const max = options.maxEvents ?? Number.POSITIVE_INFINITY;
  let seen = 0;
  let forwarded = 0;
  if (mode === 'route') {
    // Routing sends through the Bus; --max-events counts forwarded messages, so the process
    // exits only once they were delivered (or failed).
    bus.on('end', ({ command: sent, error }) => {
      if (sent.kind !== 'chat' || (sent.operation !== 'sendMessage' && sent.operation !== 'sendMedia'))
        return;
      note(
        `${error ? colors.red('✖') : colors.green('→')} forwarded to ${sent.provider}${error ? `: ${error.message}` : ''}`,
      );
      forwarded += 1;
      if (forwarded >= max) stop.abort();
    });
  }
  try {
    for await (const event of bus.inbox(stop.signal)) {
      if (global.json) process.stdout.write(`${JSON.stringify({ ...event, raw: undefined })}\n`);
      else say(describeEvent(event));
      seen += 1;
      if (mode === 'inbox' && seen >= max) break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stop.abort();
    await server.close();
  }
  return ExitCode.Ok;
}

function serveOptions(command: Command): Command {
  return command
    .option('--port <port>', 'port on the host (0 picks a free one)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--public-url <url>', 'public origin providers call (tunnel/proxy), used for signature checks')
    .option('--poll', 'also long-poll / open gateways of connections that support receive()')
    .option(
      '--max-events <n>',
      'exit after this many events (route: forwarded messages)',
      wholeNumberFlag('--max-events'),
    );
}

function profileConnections(profile: Profile): string[] {
  const names = new Set<string>();
  for (const step of profile.steps) {
    if ('broadcast' in step) for (const t of step.broadcast.targets) names.add(t.provider);
    else {
      if (step.provider) names.add(step.provider);
      for (const v of step.via ?? []) names.add(v);
    }
  }
  return [...names];
}

function describeStep(event: StepEvent): string {
  switch (event.status) {
    case 'started':
      return `${colors.cyan('▶')} ${event.step} started`;
    case 'succeeded':
      return `${colors.green('✔')} ${event.step} succeeded${event.provider ? ` via ${event.provider}` : ''} (${Math.round(event.durationMs)} ms)`;
    case 'failed':
      return `${colors.red('✖')} ${event.step} failed: ${event.error.message}`;
    case 'skipped':
      return `${colors.yellow('○')} ${event.step} skipped: ${event.reason}`;
    default:
      return `${colors.yellow('↺')} ${event.step} ${event.status}${event.error ? `: ${event.error.message}` : ''}`;
  }
}

/** `infrafabric bus broadcast|route|inbox|orchestrate`. */
export function registerBusCommands(program: Command): void {
  const bus = program.command('bus').description('the Bus: broadcast, routing, the unified inbox, profiles');

  bus
    .command('broadcast')
    .description('send one message to many chat targets across platforms')
    .addHelpText(
      'after',
      examples('infrafabric bus broadcast --message "Live in 5" --to slack:C0123,tg:@studio'),
    )
    .requiredOption('--message <text>', 'message text')
    .requiredOption('--to <targets>', 'comma-separated connection:chatId, e.g. slack:#ops,telegram:@ops')
    .option('--format <format>', 'plain, markdown or html', 'plain')
    .option('--dry-run', 'validate targets; send nothing')
    .addHelpText('after', '\nExit code 3 when some targets failed and others got the message.')
    .action(
      action(
        async (
          options: { message: string; to: string; format: 'plain' | 'markdown' | 'html'; dryRun?: boolean },
          command: Command,
        ) => {
          const global = globalOptions(command);
          const targets = parseTargets(options.to);
          const names = [...new Set(targets.map((t) => t.provider))];
          return withSession(global, names, 'chat', async (session) => {
            const message = { text: options.message, format: options.format };
            if (options.dryRun) {
              await emit(global, { dryRun: true, message, targets }, () => {
                say(colors.yellow('dry run: nothing was sent'));
                for (const t of targets) say(`  would send to ${t.provider}:${t.chatId}`);
              });
              return ExitCode.Ok;
            }
            const result = await session.bus.broadcast(message, targets);
            await emit(global, result, () => printBroadcast(result));
            return statusOf(result);
          });
        },
      ),
    );

  serveOptions(
    bus
      .command('route')
      .description('forward inbound messages between platforms (runs the webhook server)')
      .requiredOption('--from <conns>', 'comma-separated connections whose inbound messages are forwarded')
      .requiredOption('--to <targets>', 'comma-separated connection:chatId targets')
      .option('--filter <word>', 'forward only messages containing this word or phrase'),
  ).action(
    action(
      async (options: ServeOptions & { from: string; to: string; filter?: string }, command: Command) => {
        const global = globalOptions(command);
        const from = options.from
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const targets = parseTargets(options.to);
        const names = [...new Set([...from, ...targets.map((t) => t.provider)])];
        return withSession(global, names, 'chat', async (session) => {
          // Adapters stamp inbound events with their provider name (`telegram`), not the
          // connection name, so the rule matches both.
          const sources = session.connections.filter((c) => from.includes(c.name)).map((c) => c.provider);
          session.bus.route({
            from: [...new Set([...from, ...sources])],
            to: targets,
            filter: options.filter,
          });
          return serveInbox(session, global, options, 'route');
        });
      },
    ),
  );

  serveOptions(
    bus
      .command('inbox')
      .description('start the webhook server and stream the unified inbox')
      .argument('[conn...]', 'connections to receive for (default: all)'),
  )
    .addHelpText('after', '\nPoint each provider at http(s)://<public host>/webhooks/<connection name>.')
    .action(
      action(async (conns: string[], options: ServeOptions, command: Command) => {
        const global = globalOptions(command);
        const names = conns.length > 0 ? conns : new ConnectionStore().list().map((c) => c.name);
        if (names.length === 0)
          throw new UsageError(
            'No connections to receive for.',
            'Add one with `infrafabric connections add`.',
          );
        return withSession(global, names, undefined, (session) =>
          serveInbox(session, global, options, 'inbox'),
        );
      }),
    );

  bus
    .command('orchestrate')
    .description('run a profile (YAML or JSON): steps across providers, with progress and a cost report')
    .addHelpText(
      'after',
      examples(
        'infrafabric bus orchestrate --profile launch.yaml --plan',
        'infrafabric bus orchestrate --profile launch.yaml',
      ),
    )
    .requiredOption('--profile <file>', 'profile file (.yaml, .yml or .json)')
    .option('--plan', 'show what would run, wave by wave, with estimated costs; run nothing')
    .option('--dry-run', 'same as --plan')
    .action(
      action(async (options: { profile: string; plan?: boolean; dryRun?: boolean }, command: Command) => {
        const global = globalOptions(command);
        let text: string;
        try {
          text = await readFile(options.profile, 'utf8');
        } catch (error) {
          throw new UsageError(
            `Cannot read ${options.profile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
          );
        }
        const core = await loadCore();
        const profile = await core.parseProfile(
          text,
          extname(options.profile).toLowerCase() === '.json' ? 'json' : 'yaml',
        );
        return withSession(global, profileConnections(profile), undefined, async (session) => {
          if (options.plan || options.dryRun) {
            const plan = session.bus.plan(profile);
            await emit(global, { plan }, () =>
              printTable(
                ['wave', 'step', 'what', 'estimated cost'],
                plan.map((p) => [
                  p.wave,
                  p.id,
                  p.what,
                  p.estimatedCost
                    ? `${core.formatMinorUnits(p.estimatedCost)} ${p.estimatedCost.currency}`
                    : '',
                ]),
              ),
            );
            return ExitCode.Ok;
          }
          const result = await session.bus.orchestrate(profile, {
            onEvent: (event) => {
              if (global.json) return;
              note(describeStep(event));
            },
          });
          const costs = session.bus.costs.report({ by: 'provider' });
          if (global.json) printJson({ ...result, costs });
          else {
            say(
              result.ok
                ? colors.green(`profile "${profile.name}" succeeded`)
                : colors.red(`profile "${profile.name}" failed: ${result.error?.message}`),
            );
            await printTable(
              ['provider', 'operations', 'total'],
              costs.map((c) => [
                c.key,
                c.operations,
                `${core.formatMinorUnits(c.total)} ${c.currency}${c.estimated ? ' (est.)' : ''}`,
              ]),
            );
          }
          return result.ok ? ExitCode.Ok : ExitCode.Failed;
        });
      }),
    );
}
