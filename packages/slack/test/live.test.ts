import { describe, expect, it } from 'vitest';
import { createSlack } from '../src/index';

const REQUIRED = ['SLACK_BOT_TOKEN', 'SLACK_TEST_CHANNEL'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0)
  console.info(`[slack live] skipped: set ${missing.join(', ')} to run against the real Slack API.`);

describe.skipIf(missing.length > 0)('slack live (real workspace)', () => {
  it('checks the token, posts, edits, reads back and deletes one message', async () => {
    const slack = createSlack({ token: process.env.SLACK_BOT_TOKEN! });
    const channel = process.env.SLACK_TEST_CHANNEL!;
    const me = await slack.check();
    expect(me.id).toMatch(/^[UW]/);
    const sent = await slack.sendMessage({
      to: { chatId: channel },
      text: `InfraFabric live test ${new Date().toISOString()}`,
    });
    try {
      await slack.editMessage!({
        chatId: channel,
        messageId: sent.id,
        text: '**edited** by the live test',
        format: 'markdown',
      });
      const history = await slack.getHistory!({ chatId: channel, limit: 10 });
      expect(history.items.some((m) => m.id === sent.id)).toBe(true);
      const info = await slack.getGroupInfo!({ chatId: channel });
      expect(info.id).toBe(channel);
    } finally {
      await slack.deleteMessage!({ chatId: channel, messageId: sent.id });
    }
  });
});
