/**
 * `@infrafabric/twilio`: Twilio voice calls, SMS/MMS, phone numbers, Elastic SIP trunks and
 * signed webhooks behind InfraFabric's `SipAdapter` contract.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider, parseInput, registerSecrets } from '@infrafabric/core';
import { TwilioSipAdapter } from './adapter';
import { twilioCatalog } from './catalog';
import {
  type TwilioCredentials,
  type TwilioOptions,
  twilioCredentialsSchema,
  twilioOptionsSchema,
} from './options';

export { TwilioSipAdapter } from './adapter';
export { twilioCapabilities, twilioCatalog } from './catalog';
/** Segment counting is shared by every SMS provider (re-exported from core). */
export { countSmsSegments } from '@infrafabric/core';
export {
  estimateTwilioSms,
  TWILIO_MMS_PRICE_ESTIMATE_USD,
  TWILIO_SMS_DEFAULT_SEGMENT_PRICE_ESTIMATE_USD,
  TWILIO_SMS_SEGMENT_PRICE_ESTIMATE_USD,
  twilioCostModel,
} from './cost';
export { mapTwilioError } from './errors';
export { mapCallStatus, mapSmsStatus } from './mappers';
export { twilioPriceToMoney } from './money';
export {
  type TwilioCredentials,
  type TwilioOptions,
  twilioCredentialsSchema,
  twilioOptionsSchema,
} from './options';
export { answerToTwilio, escapeXml, type TwilioAnswer } from './twiml';
export { type TwilioWebhookParams, twilioWebhookToEvents } from './inbound';
export { isValidTwilioSignature, twilioBodySha256, twilioSignature } from './webhook-signature';

/**
 * Creates a Twilio adapter. Credentials are validated now; the `twilio` SDK is loaded on the
 * first call.
 *
 * @example
 * ```ts
 * const twilio = createTwilio({ accountSid: 'AC...', authToken: process.env.TWILIO_AUTH_TOKEN! });
 * await twilio.sendSms({ from: '+14155550100', to: '+447700900123', text: 'Hello' });
 * ```
 */
export function createTwilio(credentials: TwilioCredentials, options: TwilioOptions = {}): TwilioSipAdapter {
  const parsedCredentials = parseInput(twilioCredentialsSchema, credentials, {
    provider: 'twilio',
    operation: 'createAdapter',
    path: 'credentials',
  });
  const parsedOptions = parseInput(twilioOptionsSchema, options, {
    provider: 'twilio',
    operation: 'createAdapter',
    path: 'options',
  });
  registerSecrets([parsedCredentials.authToken, parsedCredentials.apiKeySecret]);
  return new TwilioSipAdapter(parsedCredentials, parsedOptions);
}

let defaultInstance: TwilioSipAdapter | undefined;

/**
 * The adapter built from `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`, created on first use (so
 * importing this package never reads the environment or fails on missing variables).
 */
export function twilio(): TwilioSipAdapter {
  defaultInstance ??= createTwilio(credentialsFromEnv(twilioCatalog) as TwilioCredentials);
  return defaultInstance;
}

/** The Twilio provider definition; importing this package registers it as `twilio`. */
export const twilioProvider = defineProvider({
  catalog: twilioCatalog,
  credentials: twilioCredentialsSchema,
  create: (credentials: TwilioCredentials, options?: TwilioOptions) => createTwilio(credentials, options),
});
