import type { ChatCapabilities } from '@infrafabric/core';

/**
 * Capabilities of a minimal chat adapter that can only send plain text, for hand-written test
 * adapters (a loopback client, a simulated platform): every optional operation is `false`.
 * `overrides` replaces top-level fields, e.g. `{ maxTextLength: 100, idempotencyKeys: true }`.
 */
export function sendOnlyChatCapabilities(overrides: Partial<ChatCapabilities> = {}): ChatCapabilities {
  return {
    operations: {
      sendMedia: false,
      editMessage: false,
      deleteMessage: false,
      getHistory: false,
      createGroup: false,
      addMember: false,
      getGroupInfo: false,
      setWebhook: false,
      parseWebhook: false,
      receive: false,
    },
    formats: ['plain'],
    maxTextLength: 4000,
    replies: false,
    threads: false,
    media: { url: false, bytes: false },
    ...overrides,
  };
}
