import { z } from '@infrafabric/core';

/** Credentials of the Slack adapter (restrictive: unknown keys are errors). */
export const slackCredentialsSchema = z
  .object({
    /** Bot token (`xoxb-...`) or user token (`xoxp-...`) from the app's OAuth & Permissions page. */
    token: z
      .string()
      .regex(/^(xoxe\.)?xox[a-z]-[\w-]+$/, { message: 'must be a Slack token such as xoxb-...' }),
    /** The app's Signing Secret (Basic Information page); required by `parseWebhook`. */
    signingSecret: z.string().min(1).optional(),
  })
  .strict();
/** Credentials of the Slack adapter. */
export type SlackCredentials = z.input<typeof slackCredentialsSchema>;

/** Options of the Slack adapter besides credentials. */
export const slackOptionsSchema = z
  .object({
    /** Web API root, e.g. `https://slack.com/api` (a proxy, GovSlack, or a simulator in tests). */
    baseUrl: z
      .string()
      .url()
      .transform((u) => `${u.replace(/\/+$/, '')}/`)
      .default('https://slack.com/api/'),
    /** `fetch` used for every Web API call and file upload (defaults to the global one). */
    fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
    /** Instance name on a Bus (two workspaces side by side). */
    name: z.string().min(1).optional(),
    /** Replay window of `parseWebhook`, in seconds (Slack recommends 5 minutes). */
    webhookToleranceSeconds: z.number().int().min(1).max(3600).default(300),
  })
  .strict();
/** Options of the Slack adapter besides credentials. */
export type SlackOptions = z.input<typeof slackOptionsSchema>;
/** Options after defaults. */
export type ResolvedSlackOptions = z.output<typeof slackOptionsSchema>;

/**
 * What `providerOptions.slack` may hold on `sendMessage`, `sendMedia` and `editMessage`.
 * Block Kit `blocks` replace the rendered text (the text stays as the notification fallback).
 */
export const slackMessageOptionsSchema = z
  .object({
    /** Block Kit blocks (at most 50 per message). */
    blocks: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
    /** Let Slack unfurl text links (`unfurl_links`). */
    unfurlLinks: z.boolean().optional(),
    /** Let Slack unfurl media links (`unfurl_media`). */
    unfurlMedia: z.boolean().optional(),
    /** Also show a thread reply in the channel (`reply_broadcast`). */
    replyBroadcast: z.boolean().optional(),
  })
  .strict();
/** What `providerOptions.slack` may hold. */
export type SlackMessageOptions = z.output<typeof slackMessageOptionsSchema>;
