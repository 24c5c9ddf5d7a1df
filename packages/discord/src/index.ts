/**
 * `@infrafabric/discord`: Discord as an InfraFabric chat adapter, built on discord.js (its `REST`
 * client for every operation, its gateway `Client` only for `receive()`; loaded on first use), with
 * Ed25519-verified interaction webhooks. Importing this module registers the `discord` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider, type ProviderFactoryOptions } from '@infrafabric/core';
import { createDiscord, type DiscordAdapter } from './adapter';
import { discordCatalog } from './catalog';
import { type DiscordCredentials, type DiscordOptions, discordCredentialsSchema } from './options';

export { createDiscord, DISCORD_MAX_TEXT, type DiscordAdapter, nonceFromIdempotencyKey } from './adapter';
export { discordCapabilities, discordCatalog } from './catalog';
export { discordErrorFromBody, mapDiscordError } from './errors';
export { escapeDiscordMarkdown } from './markdown';
export {
  type DiscordCredentials,
  type DiscordMessageOptions,
  type DiscordOptions,
  discordCredentialsSchema,
  discordMessageOptionsSchema,
  discordOptionsSchema,
} from './options';
export {
  DISCORD_SIGNATURE_HEADER,
  DISCORD_TIMESTAMP_HEADER,
  type DiscordInteraction,
  discordPublicKey,
  parseDiscordWebhook,
  type VerifyDiscordRequestOptions,
  verifyDiscordRequest,
} from './webhook';

/** The `discord` provider definition, registered on import (`createAdapter('discord', ...)`). */
export const discordProvider = defineProvider<
  DiscordCredentials,
  DiscordAdapter,
  ProviderFactoryOptions & DiscordOptions
>({
  catalog: discordCatalog,
  credentials: discordCredentialsSchema,
  create: (credentials, options = {}) => createDiscord(credentials, options),
});

let defaultInstance: DiscordAdapter | undefined;

/**
 * The default adapter, built on first call from `DISCORD_BOT_TOKEN` (and `DISCORD_PUBLIC_KEY`).
 * Throws a ValidationError naming the missing credential when it is unset.
 *
 * @example
 * ```ts
 * import { discord } from '@infrafabric/discord';
 * await discord().sendMessage({ to: { chatId: '123456789012345678' }, text: 'hello' });
 * ```
 */
export function discord(): DiscordAdapter {
  defaultInstance ??= createDiscord(credentialsFromEnv(discordCatalog) as DiscordCredentials);
  return defaultInstance;
}
