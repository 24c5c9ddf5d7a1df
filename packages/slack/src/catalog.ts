import type { CatalogEntry, ChatCapabilities } from '@infrafabric/core';

/**
 * What the Slack adapter can do. `setWebhook` is false: Slack's Events API and interactivity URLs
 * are set in the app's configuration (api.slack.com/apps), not through the Web API. `receive` is
 * false: Socket Mode needs an app-level token and a WebSocket client this package does not ship.
 * Slack has no idempotency key for `chat.postMessage`.
 */
export const slackCapabilities: ChatCapabilities = {
  operations: {
    sendMedia: true,
    editMessage: true,
    deleteMessage: true,
    getHistory: true,
    createGroup: true,
    addMember: true,
    getGroupInfo: true,
    setWebhook: false,
    parseWebhook: true,
    receive: false,
  },
  idempotencyKeys: false,
  formats: ['plain', 'markdown'],
  maxTextLength: 40_000,
  replies: true,
  threads: true,
  media: { url: true, bytes: true },
};

/** Static catalog entry of the Slack provider. */
export const slackCatalog: CatalogEntry<ChatCapabilities> = {
  name: 'slack',
  kind: 'chat',
  displayName: 'Slack',
  packageName: '@infrafabric/slack',
  docsUrl: 'https://docs.slack.dev/reference/methods',
  env: [
    {
      name: 'SLACK_BOT_TOKEN',
      credential: 'token',
      secret: true,
      required: true,
      description: 'Bot User OAuth Token (xoxb-...) from the app\'s "OAuth & Permissions" page.',
    },
    {
      name: 'SLACK_SIGNING_SECRET',
      credential: 'signingSecret',
      secret: true,
      required: false,
      description: 'Signing Secret from the app\'s "Basic Information" page; needed to verify webhooks.',
    },
  ],
  capabilities: slackCapabilities,
};
