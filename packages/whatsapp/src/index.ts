/**
 * `@infrafabric/whatsapp`: the WhatsApp Business Cloud API (Graph API) as an InfraFabric chat
 * adapter, over ky (loaded on first use). Importing this module registers the `whatsapp` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider, type ProviderFactoryOptions } from '@infrafabric/core';
import { createWhatsApp, type WhatsAppAdapter } from './adapter';
import { whatsappCatalog } from './catalog';
import { type WhatsAppCredentials, type WhatsAppOptions, whatsappCredentialsSchema } from './options';

export {
  createWhatsApp,
  type MarkAsReadInput,
  type SendTemplateInput,
  WHATSAPP_MAX_CAPTION,
  WHATSAPP_MAX_TEXT,
  type WhatsAppAdapter,
  type WhatsAppPhoneNumber,
} from './adapter';
export { whatsappCapabilities, whatsappCatalog } from './catalog';
export { whatsappCostModel } from './cost';
export {
  type GraphErrorBody,
  mapWhatsAppError,
  WHATSAPP_RATE_LIMIT_CODES,
  WHATSAPP_REENGAGEMENT_CODE,
  whatsappErrorFromBody,
} from './errors';
export { markdownToWhatsApp } from './format';
export {
  type WhatsAppCredentials,
  type WhatsAppOptions,
  type WhatsAppTemplate,
  whatsappCredentialsSchema,
  whatsappOptionsSchema,
  whatsappTemplateSchema,
} from './options';
export { answerWhatsAppHandshake, verifyWhatsAppDelivery, WHATSAPP_SIGNATURE_HEADER } from './webhook';

/** The `whatsapp` provider definition, registered on import (`createAdapter('whatsapp', ...)`). */
export const whatsappProvider = defineProvider<
  WhatsAppCredentials,
  WhatsAppAdapter,
  ProviderFactoryOptions & WhatsAppOptions
>({
  catalog: whatsappCatalog,
  credentials: whatsappCredentialsSchema,
  create: (credentials, options = {}) => createWhatsApp(credentials, options),
});

let defaultInstance: WhatsAppAdapter | undefined;

/**
 * The default adapter, built on first access from `WHATSAPP_ACCESS_TOKEN`,
 * `WHATSAPP_PHONE_NUMBER_ID` (and `WHATSAPP_APP_SECRET`, `WHATSAPP_VERIFY_TOKEN`). Throws a
 * ValidationError naming the missing variable.
 *
 * @example
 * ```ts
 * import { whatsapp } from '@infrafabric/whatsapp';
 * await whatsapp().sendMessage({ to: { chatId: '+15551234567' }, text: 'hello' });
 * ```
 */
export function whatsapp(): WhatsAppAdapter {
  defaultInstance ??= createWhatsApp(credentialsFromEnv(whatsappCatalog) as WhatsAppCredentials);
  return defaultInstance;
}
