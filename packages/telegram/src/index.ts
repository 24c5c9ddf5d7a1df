/**
 * `@infrafabric/telegram`: the Telegram Bot API as an InfraFabric chat adapter, built on grammy
 * (loaded on first use). Importing this module registers the `telegram` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider, type ProviderFactoryOptions } from '@infrafabric/core';
import { createTelegram, type TelegramAdapter } from './adapter';
import { telegramCatalog } from './catalog';
import { type TelegramCredentials, type TelegramOptions, telegramCredentialsSchema } from './options';

export { createTelegram, TELEGRAM_MAX_CAPTION, TELEGRAM_MAX_TEXT, type TelegramAdapter } from './adapter';
export { telegramCapabilities, telegramCatalog } from './catalog';
export { mapTelegramError, type TelegramErrorBody, telegramErrorFromBody } from './errors';
export { escapeMarkdownV2, markdownToTelegramV2 } from './markdown';
export {
  type TelegramCredentials,
  type TelegramOptions,
  telegramCredentialsSchema,
  telegramOptionsSchema,
} from './options';
export { TELEGRAM_SECRET_HEADER, verifyTelegramWebhook } from './webhook';

/** The `telegram` provider definition, registered on import (`createAdapter('telegram', ...)`). */
export const telegramProvider = defineProvider<
  TelegramCredentials,
  TelegramAdapter,
  ProviderFactoryOptions & TelegramOptions
>({
  catalog: telegramCatalog,
  credentials: telegramCredentialsSchema,
  create: (credentials, options = {}) => createTelegram(credentials, options),
});

let defaultInstance: TelegramAdapter | undefined;

/**
 * The default adapter, built on first access from `TELEGRAM_BOT_TOKEN` (and
 * `TELEGRAM_WEBHOOK_SECRET`). Throws a ValidationError naming the variable when it is unset.
 *
 * @example
 * ```ts
 * import { telegram } from '@infrafabric/telegram';
 * await telegram().sendMessage({ to: { chatId: '42' }, text: 'hello' });
 * ```
 */
export function telegram(): TelegramAdapter {
  defaultInstance ??= createTelegram(credentialsFromEnv(telegramCatalog) as TelegramCredentials);
  return defaultInstance;
}
export type { TelegramOperations } from './adapter';
export { TelegramHttpFailure } from './errors';
