/**
 * `@infrafabric/slack`: the Slack Web API as an InfraFabric chat adapter, built on
 * `@slack/web-api` (loaded on first use), with Events API and interactivity webhooks verified by
 * the app's Signing Secret. Importing this module registers the `slack` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider, type ProviderFactoryOptions } from '@infrafabric/core';
import { createSlack, type SlackAdapter } from './adapter';
import { slackCatalog } from './catalog';
import { type SlackCredentials, type SlackOptions, slackCredentialsSchema } from './options';

export { createSlack, SLACK_MAX_TEXT, type SlackAdapter } from './adapter';
export { slackCapabilities, slackCatalog } from './catalog';
export { mapSlackError, slackErrorFromCode } from './errors';
export { escapeSlackText, markdownToSlackMrkdwn } from './markdown';
export {
  type SlackCredentials,
  type SlackMessageOptions,
  type SlackOptions,
  slackCredentialsSchema,
  slackMessageOptionsSchema,
  slackOptionsSchema,
} from './options';
export {
  parseSlackWebhook,
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  type VerifySlackRequestOptions,
  verifySlackRequest,
} from './webhook';

/** The `slack` provider definition, registered on import (`createAdapter('slack', ...)`). */
export const slackProvider = defineProvider<
  SlackCredentials,
  SlackAdapter,
  ProviderFactoryOptions & SlackOptions
>({
  catalog: slackCatalog,
  credentials: slackCredentialsSchema,
  create: (credentials, options = {}) => createSlack(credentials, options),
});

let defaultInstance: SlackAdapter | undefined;

/**
 * The default adapter, built on first call from `SLACK_BOT_TOKEN` (and `SLACK_SIGNING_SECRET`).
 * Throws a ValidationError naming the missing credential when it is unset.
 *
 * @example
 * ```ts
 * import { slack } from '@infrafabric/slack';
 * await slack().sendMessage({ to: { chatId: 'C0123ABCD' }, text: 'hello' });
 * ```
 */
export function slack(): SlackAdapter {
  defaultInstance ??= createSlack(credentialsFromEnv(slackCatalog) as SlackCredentials);
  return defaultInstance;
}
