/**
 * One portable markdown message, broadcast through the Bus to Slack, Telegram, Discord and
 * WhatsApp at once. Each adapter translates the markdown into its platform's own dialect (Slack
 * mrkdwn, Telegram MarkdownV2 with its escaping, Discord markdown, WhatsApp's formatting), and the
 * result lists every target's outcome: one target is a Telegram user who blocked the bot, so the
 * overall status is `partial` and that failure is reported next to the successes, not hidden.
 *
 * Runs against the providers' simulators over loopback HTTP: `pnpm --filter
 * @infrafabric/example-chat-broadcast start`.
 */
import { fileURLToPath } from 'node:url';
import {
  type BroadcastResult,
  type BroadcastTarget,
  Bus,
  type PortableMessage,
  type VerifyResult,
} from '@infrafabric/core';
import { createDiscord } from '@infrafabric/discord';
import { createSlack } from '@infrafabric/slack';
import { createTelegram } from '@infrafabric/telegram';
import { createWhatsApp } from '@infrafabric/whatsapp';
import { CHANNEL as DISCORD_CHANNEL } from '../../../packages/discord/test/simulator';
import { GENERAL as SLACK_CHANNEL } from '../../../packages/slack/test/simulator';
import { BLOCKED_CHAT, FORUM_CHAT } from '../../../packages/telegram/test/simulator';
import { OPEN_WINDOW as WHATSAPP_RECIPIENT } from '../../../packages/whatsapp/test/simulator';
import { SIMULATOR_CREDENTIALS, startChatSimulators } from './simulators';

/** The message: one text in the portable markdown subset. */
export const MESSAGE: PortableMessage = {
  format: 'markdown',
  text: '**Release 2.4 is out.** _Faster_ builds (2x!), see [the notes](https://example.com/notes) and run `pnpm up`.',
};

/** Where it goes: a channel or chat per platform, plus a Telegram user who blocked the bot. */
export const TARGETS: BroadcastTarget[] = [
  { provider: 'slack', chatId: SLACK_CHANNEL },
  { provider: 'telegram', chatId: String(FORUM_CHAT) },
  { provider: 'discord', chatId: DISCORD_CHANNEL },
  { provider: 'whatsapp', chatId: WHATSAPP_RECIPIENT },
  { provider: 'telegram', chatId: String(BLOCKED_CHAT) },
];

/** What {@link main} did. */
export interface ChatBroadcastResult {
  broadcast: BroadcastResult;
  /** The text each platform received, as its simulator stored it. */
  delivered: { slack: string[]; telegram: string[]; discord: string[]; whatsapp: string[] };
  audit: VerifyResult;
}

/** Runs the example; `log` receives each printed line. */
export async function main(log: (line: string) => void = console.log): Promise<ChatBroadcastResult> {
  const sims = await startChatSimulators();
  const bus = new Bus({
    adapters: [
      createSlack(SIMULATOR_CREDENTIALS.slack, { baseUrl: sims.http.url('slack') }),
      createTelegram(SIMULATOR_CREDENTIALS.telegram, { baseUrl: sims.http.url('telegram') }),
      createDiscord(SIMULATOR_CREDENTIALS.discord, { baseUrl: sims.http.url('discord') }),
      createWhatsApp(SIMULATOR_CREDENTIALS.whatsapp, { baseUrl: sims.http.url('whatsapp') }),
    ],
  });
  try {
    log(`Broadcasting to ${TARGETS.length} targets: ${MESSAGE.text}`);
    const broadcast = await bus.broadcast(MESSAGE, TARGETS);
    for (const result of broadcast.results) {
      const where = `${result.target.provider.padEnd(9)} ${result.target.chatId.padEnd(20)}`;
      if (result.status === 'sent')
        log(`  ✓ ${where} sent, id ${result.message.id}  ${Math.round(result.latencyMs)} ms`);
      else if (result.status === 'skipped') log(`  - ${where} skipped: ${result.reason}`);
      else log(`  ✗ ${where} ${result.status}: ${result.error.code}: ${result.error.message}`);
    }
    log(`Overall: ${broadcast.status}`);

    const delivered = {
      slack: [...sims.slack.channels.values()].flatMap((c) => c.messages.map((m) => m.text)),
      telegram: sims.telegram.state.messages.map((m) => m.text ?? ''),
      discord: [...sims.discord.messages.values()].flat().map((m) => m.content),
      whatsapp: sims.whatsapp.state.sent.map((s) =>
        String((s.payload.text as { body?: string })?.body ?? ''),
      ),
    };
    log('What each platform received:');
    for (const [platform, texts] of Object.entries(delivered)) {
      for (const text of texts) log(`  ${platform.padEnd(9)} ${text}`);
    }
    const audit = await bus.audit.verify();
    log(`Audit: ${audit.checked} entries, chain ${audit.ok ? 'verified' : 'BROKEN'}`);
    return { broadcast, delivered, audit };
  } finally {
    await bus.close();
    await sims.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
