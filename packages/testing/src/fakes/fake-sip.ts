import {
  type CallOptions,
  type CallRef,
  type Call,
  type Money,
  NotFoundError,
  type PlaceCallInput,
  SPECIFICATION_VERSION,
  type SendSmsInput,
  type SipAdapter,
  type SipCapabilities,
  type SmsMessage,
  callRefSchema,
  parseInput,
  phoneCountry,
  placeCallInputSchema,
  sendSmsInputSchema,
} from '@infrafabric/core';
import { FailurePlan, type FakeOptions, simulateLatency } from './fake-failures';

/** Options of {@link FakeSipCarrier}. */
export interface FakeSipOptions extends FakeOptions {
  /** Price per SMS by destination country (ISO 3166), in minor units of `currency`. */
  smsPrices?: Record<string, number>;
  currency?: string;
}

/** An in-memory voice/SMS carrier: records SMS and calls; prices SMS by destination country. */
export class FakeSipCarrier implements SipAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  readonly kind = 'sip' as const;
  readonly provider = 'fake-sip';
  readonly name: string;
  readonly capabilities: SipCapabilities = {
    operations: {
      placeCall: true,
      getCall: true,
      hangUpCall: true,
      sendSms: true,
      searchNumbers: false,
      buyNumber: false,
      releaseNumber: false,
      listTrunks: false,
      createTrunk: false,
      deleteTrunk: false,
      parseWebhook: false,
    },
    answerForms: ['say', 'play', 'url', 'conference'],
    mms: false,
    idempotencyKeys: true,
  };
  readonly failures = new FailurePlan();
  readonly sms: Array<SmsMessage & { text: string }> = [];
  readonly calls = new Map<string, Call>();
  readonly costModel;
  private counter = 0;

  constructor(private readonly options: FakeSipOptions = {}) {
    this.name = options.name ?? this.provider;
    const currency = options.currency ?? 'USD';
    this.costModel = {
      estimate: (operation: string, input: unknown): Money | undefined => {
        if (operation !== 'sendSms') return undefined;
        const country = phoneCountry((input as SendSmsInput).to) ?? '';
        const price = options.smsPrices?.[country] ?? options.smsPrices?.['*'];
        return price === undefined ? undefined : { amount: price, currency };
      },
    };
  }

  async check() {
    return { id: `${this.name}-account` };
  }

  async sendSms(raw: SendSmsInput, call: CallOptions = {}): Promise<SmsMessage> {
    const input = parseInput(sendSmsInputSchema, raw, { provider: this.name, operation: 'sendSms' });
    await simulateLatency(this.options.latencyMs, call.signal);
    this.failures.maybeThrow('sendSms');
    const message = {
      id: `sms${++this.counter}`,
      status: 'queued' as const,
      from: input.from,
      to: input.to,
      text: input.text,
      segments: Math.ceil(input.text.length / 160),
    };
    this.sms.push(message);
    return message;
  }

  async placeCall(raw: PlaceCallInput, call: CallOptions = {}): Promise<Call> {
    const input = parseInput(placeCallInputSchema, raw, { provider: this.name, operation: 'placeCall' });
    await simulateLatency(this.options.latencyMs, call.signal);
    this.failures.maybeThrow('placeCall');
    const record: Call = {
      id: `call${++this.counter}`,
      status: 'queued',
      from: input.from,
      to: input.to,
      direction: 'outbound',
    };
    this.calls.set(record.id, record);
    return record;
  }

  async getCall(raw: CallRef): Promise<Call> {
    const input = parseInput(callRefSchema, raw, { provider: this.name, operation: 'getCall' });
    const record = this.calls.get(input.id);
    if (!record) throw new NotFoundError(undefined, { provider: this.name, operation: 'getCall' });
    return record;
  }

  async hangUpCall(raw: CallRef): Promise<Call> {
    const record = await this.getCall(raw);
    record.status = 'completed';
    return record;
  }
}
