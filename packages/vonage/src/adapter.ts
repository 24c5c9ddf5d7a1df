import {
  type AccountIdentity,
  type AvailableNumber,
  type Call,
  type CallOptions,
  type CallRef,
  callRefSchema,
  lazyModule,
  type NumberRef,
  numberRefSchema,
  type OwnedNumber,
  type ParseWebhookOptions,
  type PlaceCallInput,
  parseInput,
  phoneCountry,
  placeCallInputSchema,
  type SearchNumbersInput,
  type SendSmsInput,
  SPECIFICATION_VERSION,
  type SipAdapter,
  type SipCapabilities,
  type SmsMessage,
  searchNumbersInputSchema,
  sendSmsInputSchema,
  ValidationError,
  type WebhookResult,
  type z,
  guardWebhookParsing,
  isGsm7,
} from '@infrafabric/core';
import type { Vonage } from '@vonage/server-sdk';
import { vonageCapabilities, vonageSmsOnlyCapabilities } from './catalog';
import { vonageCostModel } from './cost';
import { mapVonageError } from './errors';
import {
  toAvailableNumber,
  toCall,
  toMsisdn,
  toOwnedNumber,
  toSmsMessage,
  type VonageAvailableNumberLike,
} from './mappers';
import { answerToVonage } from './ncco';
import type { VonageCredentials, vonageOptionsSchema } from './options';

import { bindVonageClient } from './transport';
import { parseVonageWebhook } from './webhook';

type ParsedOptions = z.output<typeof vonageOptionsSchema>;

const loadVonage = lazyModule('@vonage/server-sdk', async () => (await import('@vonage/server-sdk')).Vonage);

const NUMBER_TYPES = { local: 'landline', mobile: 'mobile-lvn', tollfree: 'landline-toll-free' } as const;

/** Vonage's own extras, read from `providerOptions.vonage` (SDK parameter names, camelCase). */
function vonageExtras(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
): Record<string, unknown> {
  return providerOptions?.vonage ?? {};
}

function toEndpoint(party: string): Record<string, unknown> {
  return party.startsWith('sip') ? { type: 'sip', uri: party } : { type: 'phone', number: toMsisdn(party) };
}

/**
 * Vonage as a core SipAdapter: Voice API calls (NCCO built from the portable answer forms, JWT
 * auth from the application), SMS API messages (multi-part, status codes checked), Numbers
 * search/buy/cancel and signed webhooks, through the official `@vonage/server-sdk` (loaded on
 * first use). Without a Voice application the call operations are absent.
 */
export class VonageSipAdapter implements SipAdapter {
  /** Contract version implemented. */
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  /** Always `sip`. */
  readonly kind = 'sip' as const;
  /** Registry name. */
  readonly provider = 'vonage';
  /** Instance name on a Bus (defaults to the provider name). */
  readonly name: string | undefined;
  /** What this instance can do. */
  readonly capabilities: SipCapabilities;
  /** Price model (see cost.ts). */
  readonly costModel = vonageCostModel;
  /** Places a call (`POST /v1/calls`); present only with a Voice application. */
  readonly placeCall?: (input: PlaceCallInput, options?: CallOptions) => Promise<Call>;
  /** Fetches a call (`GET /v1/calls/{uuid}`); present only with a Voice application. */
  readonly getCall?: (input: CallRef, options?: CallOptions) => Promise<Call>;
  /** Hangs up (`PUT /v1/calls/{uuid}` `action=hangup`), then returns the call; present only with a Voice application. */
  readonly hangUpCall?: (input: CallRef, options?: CallOptions) => Promise<Call>;
  private sdk: Promise<Vonage> | undefined;

  constructor(
    private readonly credentials: VonageCredentials,
    private readonly options: ParsedOptions,
  ) {
    this.name = options.name;
    const voice = credentials.applicationId !== undefined && credentials.privateKey !== undefined;
    this.capabilities = voice ? vonageCapabilities : vonageSmsOnlyCapabilities;
    if (voice) {
      this.placeCall = (input, callOptions) => this.createCall(input, callOptions);
      this.getCall = (input, callOptions) => this.fetchCall(input, callOptions);
      this.hangUpCall = (input, callOptions) => this.endCall(input, callOptions);
    }
  }

  private get label(): string {
    return this.name ?? this.provider;
  }

  /** One SDK instance per adapter; each call gets a view of the sub-client bound to its signal. */
  private async run<T>(
    operation: string,
    callOptions: CallOptions | undefined,
    action: (vonage: Vonage, bind: <C extends object>(client: C) => C) => Promise<T>,
  ): Promise<T> {
    try {
      const vonage = await this.client();
      const fetchImpl = this.options.fetch ?? globalThis.fetch;
      return await action(vonage, (client) =>
        bindVonageClient(client, { fetch: fetchImpl, signal: callOptions?.signal }),
      );
    } catch (error) {
      throw mapVonageError(error, { provider: this.label, operation });
    }
  }

  /** The SDK instance, built on first use (and again after a failed load). */
  private client(): Promise<Vonage> {
    if (this.sdk) return this.sdk;
    this.sdk = loadVonage().then(
      (VonageSdk) =>
        new VonageSdk(
          {
            apiKey: this.credentials.apiKey,
            apiSecret: this.credentials.apiSecret,
            // An empty key (not undefined) because the SDK's Auth calls fs.existsSync(privateKey),
            // which warns (DEP0187) when given undefined.
            privateKey: this.credentials.privateKey ?? '',
            ...(this.credentials.applicationId ? { applicationId: this.credentials.applicationId } : {}),
          },
          {
            ...(this.options.baseUrl ? { apiHost: this.options.baseUrl.replace(/\/$/, '') } : {}),
            ...(this.options.restBaseUrl ? { restHost: this.options.restBaseUrl.replace(/\/$/, '') } : {}),
          },
        ),
    );
    this.sdk.catch(() => {
      this.sdk = undefined;
    });
    return this.sdk;
  }

  /** Reads the account balance: the cheapest authenticated call. */
  async check(options?: CallOptions): Promise<AccountIdentity> {
    return this.run('check', options, async (vonage, bind) => {
      const balance = (await bind(vonage.accounts).getBalance()) as { value?: number; autoReload?: boolean };
      return {
        id: this.credentials.apiKey,
        details: {
          balance: balance.value,
          currency: this.options.accountCurrency,
          autoReload: balance.autoReload,
        },
      };
    });
  }

  private async createCall(input: PlaceCallInput, options?: CallOptions): Promise<Call> {
    const parsed = parseInput(placeCallInputSchema, input, { provider: this.label, operation: 'placeCall' });
    if (parsed.from.startsWith('sip')) {
      throw new ValidationError(
        `${this.label}.placeCall: invalid "from": Vonage calls from a phone number (a Vonage number of the application), not a SIP URI.`,
        { provider: this.label, operation: 'placeCall', field: 'from', rule: 'vonage_phone_from' },
      );
    }
    const answer = answerToVonage(parsed.answer, { record: parsed.record });
    return this.run('placeCall', options, async (vonage, bind) => {
      const result = await bind(vonage.voice).createOutboundCall({
        to: [toEndpoint(parsed.to)],
        from: { type: 'phone', number: toMsisdn(parsed.from) },
        ...('ncco' in answer ? { ncco: answer.ncco } : { answerUrl: [answer.answerUrl] }),
        ...(parsed.statusCallbackUrl ? { eventUrl: [parsed.statusCallbackUrl] } : {}),
        ...(parsed.timeoutSeconds === undefined ? {} : { ringingTimer: parsed.timeoutSeconds }),
        ...vonageExtras(parsed.providerOptions),
      } as unknown as Parameters<Vonage['voice']['createOutboundCall']>[0]);
      return toCall({ ...result, from: parsed.from, to: parsed.to }, this.options.accountCurrency);
    });
  }

  private async fetchCall(input: CallRef, options?: CallOptions): Promise<Call> {
    const { id } = parseInput(callRefSchema, input, { provider: this.label, operation: 'getCall' });
    return this.run('getCall', options, async (vonage, bind) =>
      toCall(await bind(vonage.voice).getCall(id), this.options.accountCurrency),
    );
  }

  private async endCall(input: CallRef, options?: CallOptions): Promise<Call> {
    const { id } = parseInput(callRefSchema, input, { provider: this.label, operation: 'hangUpCall' });
    return this.run('hangUpCall', options, async (vonage, bind) => {
      const voice = bind(vonage.voice);
      await voice.hangupCall(id);
      // The hang-up answers 204; read the call back so the caller gets its final state.
      return toCall(await voice.getCall(id), this.options.accountCurrency);
    });
  }

  /** Sends an SMS (`POST rest.nexmo.com/sms/json`); long texts go as several parts. */
  async sendSms(input: SendSmsInput, options?: CallOptions): Promise<SmsMessage> {
    const parsed = parseInput(sendSmsInputSchema, input, { provider: this.label, operation: 'sendSms' });
    if (parsed.mediaUrls?.length) {
      throw new ValidationError(
        `${this.label}.sendSms: invalid "mediaUrls": the Vonage SMS API sends text only (MMS is not supported). Remove the media or use another provider.`,
        { provider: this.label, operation: 'sendSms', field: 'mediaUrls', rule: 'vonage_no_mms' },
      );
    }
    const from = parsed.from.startsWith('+') ? toMsisdn(parsed.from) : parsed.from;
    return this.run('sendSms', options, async (vonage, bind) => {
      const result = await bind(vonage.sms).send({
        to: toMsisdn(parsed.to),
        from,
        text: parsed.text,
        ...(isGsm7(parsed.text) ? {} : { type: 'unicode' }),
        ...(parsed.statusCallbackUrl ? { callback: parsed.statusCallbackUrl } : {}),
        ...vonageExtras(parsed.providerOptions),
      } as Parameters<Vonage['sms']['send']>[0]);
      return toSmsMessage(result as never, { from: parsed.from }, this.options.accountCurrency);
    });
  }

  /** Searches numbers for sale (`GET rest.nexmo.com/number/search`). */
  async searchNumbers(input: SearchNumbersInput, options?: CallOptions): Promise<AvailableNumber[]> {
    const parsed = parseInput(searchNumbersInputSchema, input, {
      provider: this.label,
      operation: 'searchNumbers',
    });
    return this.run('searchNumbers', options, async (vonage, bind) => {
      const result = (await bind(vonage.numbers).getAvailableNumbers({
        country: parsed.country,
        type: NUMBER_TYPES[parsed.type],
        size: parsed.limit,
        ...(parsed.contains ? { pattern: parsed.contains, searchPattern: 1 } : {}),
        ...(parsed.capabilities?.length ? { features: parsed.capabilities.map((c) => c.toUpperCase()) } : {}),
      } as Parameters<Vonage['numbers']['getAvailableNumbers']>[0])) as {
        numbers?: VonageAvailableNumberLike[];
      };
      return (result.numbers ?? []).map((n) =>
        toAvailableNumber(n, parsed.type, this.options.accountCurrency),
      );
    });
  }

  private countryOf(input: { number: string; country?: string | undefined }, operation: string): string {
    const country = input.country ?? phoneCountry(input.number);
    if (!country) {
      throw new ValidationError(
        `${this.label}.${operation}: invalid "country": Vonage needs the number's country and it could not be derived from ${input.number}. Pass country, e.g. "GB".`,
        { provider: this.label, operation, field: 'country', rule: 'required' },
      );
    }
    return country;
  }

  /** Buys a number (`POST rest.nexmo.com/number/buy`); the country is derived from the number when omitted. */
  async buyNumber(input: NumberRef, options?: CallOptions): Promise<OwnedNumber> {
    const parsed = parseInput(numberRefSchema, input, { provider: this.label, operation: 'buyNumber' });
    const country = this.countryOf(parsed, 'buyNumber');
    return this.run('buyNumber', options, async (vonage, bind) => {
      await bind(vonage.numbers).buyNumber({ country, msisdn: toMsisdn(parsed.number) });
      return toOwnedNumber(parsed.number);
    });
  }

  /** Cancels a number (`POST rest.nexmo.com/number/cancel`). */
  async releaseNumber(input: NumberRef, options?: CallOptions): Promise<void> {
    const parsed = parseInput(numberRefSchema, input, { provider: this.label, operation: 'releaseNumber' });
    const country = this.countryOf(parsed, 'releaseNumber');
    await this.run('releaseNumber', options, async (vonage, bind) => {
      await bind(vonage.numbers).cancelNumber({ country, msisdn: toMsisdn(parsed.number) });
    });
  }

  /** Verifies a signed webhook (JWT with `payload_hash`, or the SMS API's `sig`) and normalizes it. */
  async parseWebhook(request: Request, options?: ParseWebhookOptions): Promise<WebhookResult> {
    return guardWebhookParsing(this.label, () =>
      parseVonageWebhook(request, {
        provider: this.label,
        signatureSecret: this.credentials.signatureSecret,
        apiKey: this.credentials.apiKey,
        currency: this.options.accountCurrency,
        toleranceSeconds: this.options.webhookToleranceSeconds,
        smsSignatureMethod: this.options.smsSignatureMethod,
        now: options?.now,
        bodyLimit: this.options.webhookBodyLimit,
      }),
    );
  }
}
