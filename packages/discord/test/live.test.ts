import { describe, expect, it } from 'vitest';
import { createDiscord } from '../src/index';

const REQUIRED = ['DISCORD_BOT_TOKEN', 'DISCORD_TEST_CHANNEL'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0)
  console.info(`[discord live] skipped: set ${missing.join(', ')} to run against the real Discord API.`);

describe.skipIf(missing.length > 0)('discord live (real guild)', () => {
  it('checks the token, posts, edits, reads back and deletes one message', async () => {
    const discord = createDiscord({ token: process.env.DISCORD_BOT_TOKEN! });
    const channel = process.env.DISCORD_TEST_CHANNEL!;
    try {
      const me = await discord.check();
      expect(me.details?.bot).toBe(true);
      const sent = await discord.sendMessage(
        { to: { chatId: channel }, text: `InfraFabric live test ${new Date().toISOString()}` },
        { idempotencyKey: `live-${Date.now()}` },
      );
      try {
        await discord.editMessage!({
          chatId: channel,
          messageId: sent.id,
          text: '**edited** by the live test',
          format: 'markdown',
        });
        const history = await discord.getHistory!({ chatId: channel, limit: 10 });
        expect(history.items.some((m) => m.id === sent.id)).toBe(true);
        expect((await discord.getGroupInfo!({ chatId: channel })).id).toBe(channel);
      } finally {
        await discord.deleteMessage!({ chatId: channel, messageId: sent.id });
      }
    } finally {
      await discord.close?.();
    }
  });
});
