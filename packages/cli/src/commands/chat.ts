import type { ChatMessage, Page } from '@infrafabric/core';
import type { Command } from 'commander';
import { action } from '../action';
import { UsageError } from '../exit-codes';
import { mediaFrom } from '../media';
import { runOperation } from '../operation';
import { examples, wholeNumberFlag } from '../parse';
import { colors, emit, globalOptions, printFields, printTable, say, success } from '../output';
import { withSession } from '../session';
import { registerKindConnectionCommands } from './connections';

interface SendOptions {
  to: string;
  thread?: string;
  message?: string;
  image?: string;
  video?: string;
  file?: string;
  format: 'plain' | 'markdown' | 'html';
  replyTo?: string;
  dryRun?: boolean;
}

async function sendInput(
  options: SendOptions,
): Promise<{ operation: string; input: Record<string, unknown> }> {
  const to = { chatId: options.to, threadId: options.thread };
  const media = (['image', 'video', 'file'] as const).filter((k) => options[k] !== undefined);
  if (media.length > 1) throw new UsageError('Give only one of --image, --video, --file.');
  const kind = media[0];
  if (kind) {
    return {
      operation: 'sendMedia',
      input: {
        to,
        media: await mediaFrom(kind, options[kind] as string),
        caption: options.message,
        format: options.format,
        replyTo: options.replyTo,
      },
    };
  }
  if (options.message === undefined) {
    throw new UsageError(
      'Nothing to send.',
      'Give --message "text", or --image/--video/--file with a path or URL.',
    );
  }
  return {
    operation: 'sendMessage',
    input: { to, text: options.message, format: options.format, replyTo: options.replyTo },
  };
}

/** `infrafabric chat send|webhook|group|history|status` plus the chat connection commands. */
export function registerChatCommands(program: Command): void {
  const chat = program.command('chat').description('chat platforms: Slack, Telegram, Discord, WhatsApp...');
  registerKindConnectionCommands(chat, 'chat');

  chat
    .command('send')
    .description('send a message or one media file')
    .argument('<conn>', 'chat connection name')
    .requiredOption('--to <chatId>', 'channel / chat id (e.g. C0123, @channel, -100123)')
    .option('--thread <id>', 'thread or topic id')
    .option('--message <text>', 'message text (the caption with media)')
    .option('--image <path|url>', 'send an image')
    .option('--video <path|url>', 'send a video')
    .option('--file <path|url>', 'send a file')
    .option('--format <format>', 'plain, markdown or html', 'plain')
    .option('--reply-to <id>', 'reply to this message id')
    .option('--dry-run', 'validate and show what would be sent; send nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  $ infrafabric chat send ops --to C0123 --message "**Deploy** finished" --format markdown\n  $ infrafabric chat send tg --to @studio --image ./frame.png --message "Now live"',
    )
    .action(
      action(async (conn: string, options: SendOptions, command: Command) => {
        const global = globalOptions(command);
        const { operation, input } = await sendInput(options);
        return withSession(global, [conn], 'chat', (session) =>
          runOperation(session, global, 'chat', conn, operation, input, {
            dryRun: options.dryRun,
            done: (out) => `Sent ${(out as { id: string }).id} to ${options.to} via ${conn}`,
            show: () => undefined,
          }),
        );
      }),
    );

  chat
    .command('webhook')
    .description("point the platform's event delivery at a URL")
    .addHelpText(
      'after',
      examples(
        'infrafabric chat webhook tg --url https://hooks.example.com/webhooks/tg --secret "$TG_WEBHOOK_SECRET"',
      ),
    )
    .argument('<conn>', 'chat connection name')
    .requiredOption('--url <https-url>', 'public https URL of your webhook endpoint')
    .option('--secret <secret>', 'secret the platform signs deliveries with (never printed)')
    .action(
      action(async (conn: string, options: { url: string; secret?: string }, command: Command) => {
        const global = globalOptions(command);
        return withSession(global, [conn], 'chat', (session) =>
          runOperation(
            session,
            global,
            'chat',
            conn,
            'setWebhook',
            { url: options.url, secret: options.secret },
            {
              done: () => `Webhook of ${conn} set to ${options.url}`,
            },
          ),
        );
      }),
    );

  const group = chat.command('group').description('create groups/channels and add members');
  group
    .command('create')
    .description('create a group or channel')
    .addHelpText(
      'after',
      examples('infrafabric chat group create ops --name incident-42 --member U0123 --member U0456'),
    )
    .argument('<conn>', 'chat connection name')
    .requiredOption('--name <name>', 'group name')
    .option('--private', 'private group')
    .option('--member <userId...>', 'members to invite')
    .option('--topic <text>', 'topic / description')
    .action(
      action(
        async (
          conn: string,
          options: { name: string; private?: boolean; member?: string[]; topic?: string },
          command: Command,
        ) => {
          const global = globalOptions(command);
          return withSession(global, [conn], 'chat', (session) =>
            runOperation(
              session,
              global,
              'chat',
              conn,
              'createGroup',
              {
                name: options.name,
                private: options.private ?? false,
                members: options.member,
                topic: options.topic,
              },
              { done: (out) => `Created group ${(out as { id: string }).id}` },
            ),
          );
        },
      ),
    );
  group
    .command('add')
    .description('add a member to a group')
    .addHelpText('after', examples('infrafabric chat group add ops --chat C0999 --user U0123'))
    .argument('<conn>', 'chat connection name')
    .requiredOption('--chat <chatId>', 'group / channel id')
    .requiredOption('--user <userId>', 'user to add')
    .action(
      action(async (conn: string, options: { chat: string; user: string }, command: Command) => {
        const global = globalOptions(command);
        return withSession(global, [conn], 'chat', (session) =>
          runOperation(
            session,
            global,
            'chat',
            conn,
            'addMember',
            { chatId: options.chat, userId: options.user },
            {
              done: () => `Added ${options.user} to ${options.chat}`,
            },
          ),
        );
      }),
    );

  chat
    .command('history')
    .description('read recent messages, newest first')
    .addHelpText(
      'after',
      examples(
        'infrafabric chat history ops --chat C0123 --limit 10',
        'infrafabric --json chat history ops --chat C0123 | jq ".result.items[].text"',
      ),
    )
    .argument('<conn>', 'chat connection name')
    .requiredOption('--chat <chatId>', 'channel / chat id')
    .option('--limit <n>', 'how many messages', wholeNumberFlag('--limit'), 20)
    .option('--cursor <cursor>', 'continue from a previous page')
    .action(
      action(
        async (conn: string, options: { chat: string; limit: number; cursor?: string }, command: Command) => {
          const global = globalOptions(command);
          return withSession(global, [conn], 'chat', (session) =>
            runOperation(
              session,
              global,
              'chat',
              conn,
              'getHistory',
              { chatId: options.chat, limit: options.limit, cursor: options.cursor },
              {
                show: async (out) => {
                  const page = out as Page<ChatMessage>;
                  await printTable(
                    ['time', 'from', 'text'],
                    page.items.map((m) => [m.timestamp, m.sender?.name ?? m.sender?.id ?? '', m.text ?? '']),
                  );
                  if (page.nextCursor) say(colors.dim(`more: --cursor ${page.nextCursor}`));
                },
              },
            ),
          );
        },
      ),
    );

  chat
    .command('status')
    .description('check the connection and show what the platform supports')
    .addHelpText('after', examples('infrafabric chat status ops'))
    .argument('<conn>', 'chat connection name')
    .action(
      action(async (conn: string, _options: unknown, command: Command) => {
        const global = globalOptions(command);
        return withSession(global, [conn], 'chat', async ({ bus }) => {
          const adapter = bus.adapters('chat')[0];
          const identity = await adapter?.check();
          const capabilities = adapter?.capabilities;
          await emit(global, { ok: true, connection: conn, identity, capabilities }, () => {
            success(`${conn} is reachable`);
            printFields({ ...(identity as unknown as Record<string, unknown>) });
            const ops = Object.entries(capabilities?.operations ?? {})
              .filter(([, on]) => on)
              .map(([op]) => op);
            say(`${colors.dim('operations:')} sendMessage, ${ops.join(', ')}`);
          });
          return undefined;
        });
      }),
    );
}
