import {
  type AccountIdentity,
  type AvailableNumber,
  type Call,
  type CallOptions,
  type CallRef,
  type CreateTrunkInput,
  callRefSchema,
  createTrunkInputSchema,
  lazyModule,
  NotFoundError,
  type NumberRef,
  numberRefSchema,
  type OwnedNumber,
  type ParseWebhookOptions,
  type PlaceCallInput,
  parseInput,
  placeCallInputSchema,
  type SearchNumbersInput,
  type SendSmsInput,
  SPECIFICATION_VERSION,
  type SipAdapter,
  type SipCapabilities,
  type SipTrunk,
  type SmsMessage,
  searchNumbersInputSchema,
  sendSmsInputSchema,
  type TrunkRef,
  trunkRefSchema,
  ValidationError,
  type WebhookResult,
  type z,
  guardWebhookParsing,
} from '@infrafabric/core';
import type TwilioSDK from 'twilio';
import { twilioCapabilities } from './catalog';
import { twilioCostModel } from './cost';
import { mapTwilioError } from './errors';
import {
  type TwilioAvailableNumberLike,
  toAvailableNumber,
  toCall,
  toOwnedNumber,
  toSipTrunk,
  toSmsMessage,
} from './mappers';
import type { TwilioCredentials, twilioOptionsSchema } from './options';
import { FetchTwilioHttpClient } from './transport';
import { answerToTwilio } from './twiml';
import { parseTwilioWebhook } from './webhook';

type TwilioClient = TwilioSDK.Twilio;
type ParsedOptions = z.output<typeof twilioOptionsSchema>;

const loadTwilio = lazyModule('twilio', async () => {
  const mod = (await import('twilio')) as unknown as { default?: typeof TwilioSDK } & typeof TwilioSDK;
  return mod.default ?? mod;
});

const NUMBER_TYPES = { local: 'local', mobile: 'mobile', tollfree: 'tollFree' } as const;

/** Twilio's own extras, read from `providerOptions.twilio` (SDK parameter names, camelCase). */
function twilioExtras(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
): Record<string, unknown> {
  return providerOptions?.twilio ?? {};
}

/**
 * Twilio as a core SipAdapter: Programmable Voice calls (TwiML built from the portable answer
 * forms), Programmable Messaging SMS/MMS, phone numbers and Elastic SIP trunks, through the
 * official `twilio` SDK (loaded on first use) with a fetch transport that honours abort signals
 * and base URL overrides.
 */
export class TwilioSipAdapter implements SipAdapter {
  /** Contract version implemented. */
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  /** Always `sip`. */
  readonly kind = 'sip' as const;
  /** Registry name. */
  readonly provider = 'twilio';
  /** Instance name on a Bus (defaults to the provider name). */
  readonly name: string | undefined;
  /** What this instance can do. */
  readonly capabilities: SipCapabilities = twilioCapabilities;
  /** Price model (see cost.ts). */
  readonly costModel = twilioCostModel;

  constructor(
    private readonly credentials: TwilioCredentials,
    private readonly options: ParsedOptions,
  ) {
    this.name = options.name;
  }

  private get label(): string {
    return this.name ?? this.provider;
  }

  /** One SDK client per call: it carries that call's abort signal into the transport. */
  private async run<T>(
    operation: string,
    callOptions: CallOptions | undefined,
    action: (client: TwilioClient) => Promise<T>,
  ): Promise<T> {
    const transport = new FetchTwilioHttpClient({
      fetch: this.options.fetch ?? globalThis.fetch,
      baseUrls: { api: this.options.baseUrl, trunking: this.options.trunkingBaseUrl },
      signal: callOptions?.signal,
    });
    try {
      const sdk = await loadTwilio();
      const { accountSid, authToken, apiKeySid, apiKeySecret } = this.credentials;
      const client = new sdk.Twilio(apiKeySid ?? accountSid, apiKeySecret ?? authToken, {
        accountSid,
        httpClient: transport as unknown as TwilioSDK.RequestClient,
        edge: this.options.edge,
        region: this.options.region,
        autoRetry: false,
      });
      return await action(client);
    } catch (error) {
      throw mapTwilioError(error, {
        provider: this.label,
        operation,
        headers: transport.lastResponseHeaders,
      });
    }
  }

  /** Fetches the account the credentials belong to. */
  async check(options?: CallOptions): Promise<AccountIdentity> {
    return this.run('check', options, async (client) => {
      const account = await client.api.v2010.accounts(this.credentials.accountSid).fetch();
      // The Account resource also returns the auth token: never copy it into details.
      return {
        id: account.sid,
        name: account.friendlyName,
        details: { status: account.status, type: account.type },
      };
    });
  }

  /** Places an outbound call (`POST /Accounts/{sid}/Calls.json`) with inline TwiML or a TwiML URL. */
  async placeCall(input: PlaceCallInput, options?: CallOptions): Promise<Call> {
    const parsed = parseInput(placeCallInputSchema, input, { provider: this.label, operation: 'placeCall' });
    const answer = answerToTwilio(parsed.answer);
    return this.run('placeCall', options, async (client) => {
      const call = await client.calls.create({
        to: parsed.to,
        from: parsed.from,
        ...('twiml' in answer ? { twiml: answer.twiml } : { url: answer.url }),
        ...(parsed.statusCallbackUrl
          ? {
              statusCallback: parsed.statusCallbackUrl,
              statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
            }
          : {}),
        ...(parsed.timeoutSeconds === undefined ? {} : { timeout: parsed.timeoutSeconds }),
        ...(parsed.record === undefined ? {} : { record: parsed.record }),
        ...twilioExtras(parsed.providerOptions),
      } as Parameters<TwilioClient['calls']['create']>[0]);
      return toCall(call);
    });
  }

  /** Fetches a call's current state (`GET /Calls/{Sid}.json`). */
  async getCall(input: CallRef, options?: CallOptions): Promise<Call> {
    const { id } = parseInput(callRefSchema, input, { provider: this.label, operation: 'getCall' });
    return this.run('getCall', options, async (client) => toCall(await client.calls(id).fetch()));
  }

  /** Ends a call (`POST /Calls/{Sid}.json` with `Status=completed`). */
  async hangUpCall(input: CallRef, options?: CallOptions): Promise<Call> {
    const { id } = parseInput(callRefSchema, input, { provider: this.label, operation: 'hangUpCall' });
    return this.run('hangUpCall', options, async (client) =>
      toCall(await client.calls(id).update({ status: 'completed' })),
    );
  }

  /** Sends an SMS, or an MMS when `mediaUrls` are given (`POST /Messages.json`). */
  async sendSms(input: SendSmsInput, options?: CallOptions): Promise<SmsMessage> {
    const parsed = parseInput(sendSmsInputSchema, input, { provider: this.label, operation: 'sendSms' });
    return this.run('sendSms', options, async (client) => {
      const message = await client.messages.create({
        to: parsed.to,
        from: parsed.from,
        body: parsed.text,
        ...(parsed.mediaUrls?.length ? { mediaUrl: parsed.mediaUrls } : {}),
        ...(parsed.statusCallbackUrl ? { statusCallback: parsed.statusCallbackUrl } : {}),
        ...twilioExtras(parsed.providerOptions),
      } as Parameters<TwilioClient['messages']['create']>[0]);
      return toSmsMessage(message);
    });
  }

  /** Searches numbers for sale (`GET /AvailablePhoneNumbers/{Country}/Local|Mobile|TollFree.json`). */
  async searchNumbers(input: SearchNumbersInput, options?: CallOptions): Promise<AvailableNumber[]> {
    const parsed = parseInput(searchNumbersInputSchema, input, {
      provider: this.label,
      operation: 'searchNumbers',
    });
    const wants = new Set(parsed.capabilities ?? []);
    return this.run('searchNumbers', options, async (client) => {
      // Local, Mobile and TollFree lists share one shape; the SDK types them separately.
      const list = client.availablePhoneNumbers(parsed.country)[NUMBER_TYPES[parsed.type]] as unknown as {
        list(params: Record<string, unknown>): Promise<TwilioAvailableNumberLike[]>;
      };
      const numbers = await list.list({
        limit: parsed.limit,
        ...(parsed.contains ? { contains: parsed.contains } : {}),
        ...(wants.has('voice') ? { voiceEnabled: true } : {}),
        ...(wants.has('sms') ? { smsEnabled: true } : {}),
        ...(wants.has('mms') ? { mmsEnabled: true } : {}),
      });
      return numbers.map((n) => toAvailableNumber(n, parsed.type));
    });
  }

  /** Buys a number (`POST /IncomingPhoneNumbers.json`). */
  async buyNumber(input: NumberRef, options?: CallOptions): Promise<OwnedNumber> {
    const { number } = parseInput(numberRefSchema, input, { provider: this.label, operation: 'buyNumber' });
    return this.run('buyNumber', options, async (client) =>
      toOwnedNumber(await client.incomingPhoneNumbers.create({ phoneNumber: number })),
    );
  }

  /** Releases an owned number: looks its SID up by number, then `DELETE /IncomingPhoneNumbers/{Sid}.json`. */
  async releaseNumber(input: NumberRef, options?: CallOptions): Promise<void> {
    const { number } = parseInput(numberRefSchema, input, {
      provider: this.label,
      operation: 'releaseNumber',
    });
    await this.run('releaseNumber', options, async (client) => {
      const [owned] = await client.incomingPhoneNumbers.list({ phoneNumber: number, limit: 1 });
      if (!owned) {
        throw new NotFoundError(
          `${this.label}.releaseNumber: ${number} is not a number of this account. List your numbers in the Twilio Console.`,
          { provider: this.label, operation: 'releaseNumber' },
        );
      }
      await client.incomingPhoneNumbers(owned.sid).remove();
    });
  }

  /** Lists Elastic SIP trunks (`GET trunking.twilio.com/v1/Trunks`). */
  async listTrunks(_input?: Record<string, never>, options?: CallOptions): Promise<SipTrunk[]> {
    return this.run('listTrunks', options, async (client) =>
      (await client.trunking.v1.trunks.list()).map(toSipTrunk),
    );
  }

  /** Creates an Elastic SIP trunk (`POST /v1/Trunks`); `domain` must end in `.pstn.twilio.com`. */
  async createTrunk(input: CreateTrunkInput, options?: CallOptions): Promise<SipTrunk> {
    const parsed = parseInput(createTrunkInputSchema, input, {
      provider: this.label,
      operation: 'createTrunk',
    });
    if (parsed.domain !== undefined && !/^[a-z0-9-]+\.pstn\.twilio\.com$/i.test(parsed.domain)) {
      throw new ValidationError(
        `${this.label}.createTrunk: invalid "domain": Twilio trunk domains look like my-trunk.pstn.twilio.com. Fix this field and call again.`,
        { provider: this.label, operation: 'createTrunk', field: 'domain', rule: 'twilio_pstn_domain' },
      );
    }
    return this.run('createTrunk', options, async (client) =>
      toSipTrunk(
        await client.trunking.v1.trunks.create({
          friendlyName: parsed.name,
          ...(parsed.domain ? { domainName: parsed.domain } : {}),
          ...twilioExtras(parsed.providerOptions),
        }),
      ),
    );
  }

  /** Deletes an Elastic SIP trunk (`DELETE /v1/Trunks/{Sid}`). */
  async deleteTrunk(input: TrunkRef, options?: CallOptions): Promise<void> {
    const { id } = parseInput(trunkRefSchema, input, { provider: this.label, operation: 'deleteTrunk' });
    await this.run('deleteTrunk', options, async (client) => {
      await client.trunking.v1.trunks(id).remove();
    });
  }

  /** Verifies `X-Twilio-Signature` and normalizes an incoming call/SMS or status callback. */
  async parseWebhook(request: Request, options?: ParseWebhookOptions): Promise<WebhookResult> {
    return guardWebhookParsing(this.label, () =>
      parseTwilioWebhook(request, {
        provider: this.label,
        authToken: this.credentials.authToken,
        publicUrl: options?.publicUrl,
        now: options?.now,
        bodyLimit: this.options.webhookBodyLimit,
      }),
    );
  }
}
