/**
 * `@infrafabric/vonage`: Vonage Voice (NCCO), SMS, Numbers and signed webhooks behind
 * InfraFabric's `SipAdapter` contract.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider, parseInput, registerSecrets } from '@infrafabric/core';
import { VonageSipAdapter } from './adapter';
import { vonageCatalog } from './catalog';
import {
  type VonageCredentials,
  type VonageOptions,
  vonageCredentialsSchema,
  vonageOptionsSchema,
} from './options';

export { VonageSipAdapter } from './adapter';
export { vonageCapabilities, vonageCatalog, vonageSmsOnlyCapabilities } from './catalog';
export { vonageCostModel } from './cost';
export { mapVonageError, smsStatusError } from './errors';
export { type VonageWebhookPayload, vonageWebhookToEvents } from './inbound';
export { mapCallStatus, mapSmsStatus } from './mappers';
export { vonagePriceToMoney } from './money';
export { answerToVonage, type NccoAction, type VonageAnswer } from './ncco';
export {
  type VonageCredentials,
  type VonageOptions,
  vonageCredentialsSchema,
  vonageOptionsSchema,
} from './options';
export { isGsm7 } from '@infrafabric/core';
export { VonageHttpError } from './transport';
export {
  type VonageSmsSignatureMethod,
  type VonageWebhookClaims,
  verifyVonageJwt,
  vonagePayloadHash,
  vonageSmsSignature,
} from './webhook-signature';

/**
 * Creates a Vonage adapter. Credentials are validated now; `@vonage/server-sdk` is loaded on the
 * first call. Without `applicationId` + `privateKey` the adapter has no call operations.
 *
 * @example
 * ```ts
 * const vonage = createVonage({ apiKey: 'abcd1234', apiSecret: process.env.VONAGE_API_SECRET! });
 * await vonage.sendSms({ from: 'Acme', to: '+447400123456', text: 'Hello' });
 * ```
 */
export function createVonage(credentials: VonageCredentials, options: VonageOptions = {}): VonageSipAdapter {
  const parsedCredentials = parseInput(vonageCredentialsSchema, credentials, {
    provider: 'vonage',
    operation: 'createAdapter',
    path: 'credentials',
  });
  const parsedOptions = parseInput(vonageOptionsSchema, options, {
    provider: 'vonage',
    operation: 'createAdapter',
    path: 'options',
  });
  registerSecrets([
    parsedCredentials.apiSecret,
    parsedCredentials.privateKey,
    parsedCredentials.signatureSecret,
  ]);
  return new VonageSipAdapter(parsedCredentials, parsedOptions);
}

let defaultInstance: VonageSipAdapter | undefined;

/**
 * The adapter built from the `VONAGE_*` environment variables, created on first use (importing
 * this package never reads the environment).
 */
export function vonage(): VonageSipAdapter {
  defaultInstance ??= createVonage(credentialsFromEnv(vonageCatalog) as VonageCredentials);
  return defaultInstance;
}

/** The Vonage provider definition; importing this package registers it as `vonage`. */
export const vonageProvider = defineProvider({
  catalog: vonageCatalog,
  credentials: vonageCredentialsSchema,
  create: (credentials: VonageCredentials, options?: VonageOptions) => createVonage(credentials, options),
});
export type { Context as VonageErrorContext } from './errors';
export type { VonageJwtProblem } from './webhook-signature';
