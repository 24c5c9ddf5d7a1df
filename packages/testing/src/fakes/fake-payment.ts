import {
  type CallOptions,
  type CreatePaymentInput,
  DeclinedError,
  type FindPaymentInput,
  type Money,
  NotFoundError,
  type Payment,
  type PaymentAdapter,
  type PaymentCapabilities,
  type PaymentRef,
  type Refund,
  type RefundPaymentInput,
  SPECIFICATION_VERSION,
  ValidationError,
  type CapturePaymentInput,
  capturePaymentInputSchema,
  createPaymentInputSchema,
  findPaymentInputSchema,
  parseInput,
  paymentRefSchema,
  refundPaymentInputSchema,
} from '@infrafabric/core';
import { FailurePlan, type FakeOptions, simulateLatency } from './fake-failures';

/** Options of {@link FakePaymentProcessor}. */
export interface FakePaymentOptions extends FakeOptions {
  /** Payment method tokens that are declined, with the decline code. Default: `tok_declined` → `card_declined`. */
  declines?: Record<string, string>;
  /** Fee model: percentage (basis points) + fixed minor units. Default 290 bp + 30. */
  fee?: { basisPoints: number; fixed: number };
}

/**
 * An in-memory payment processor for your own tests: authorizes, captures, refunds (partially),
 * cancels, declines configured tokens, deduplicates by idempotency key like real processors do,
 * and finds payments by reference (for reconciliation). `charges(reference)` counts real charges,
 * so tests can prove exactly-once.
 */
export class FakePaymentProcessor implements PaymentAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  readonly kind = 'payment' as const;
  readonly provider = 'fake-payment';
  readonly name: string;
  readonly capabilities: PaymentCapabilities = {
    operations: {
      capturePayment: true,
      cancelPayment: true,
      findPayment: true,
      createCustomer: false,
      getCustomer: false,
      createSubscription: false,
      cancelSubscription: false,
      parseWebhook: false,
    },
    separateCapture: true,
    partialRefunds: true,
    idempotencyKeys: true,
    currencies: 'any',
  };
  /** Planned failures (thrown before the payment is made). */
  readonly failures = new FailurePlan();
  /** Planned failures thrown after the payment is made: the uncertain outcome. */
  readonly failuresAfterCommit = new FailurePlan();
  readonly payments = new Map<string, Payment>();
  readonly refunds: Refund[] = [];
  private readonly byKey = new Map<string, Payment>();
  private counter = 0;
  readonly costModel;

  constructor(private readonly options: FakePaymentOptions = {}) {
    this.name = options.name ?? this.provider;
    const fee = options.fee ?? { basisPoints: 290, fixed: 30 };
    this.costModel = {
      estimate: (operation: string, input: unknown): Money | undefined => {
        if (operation !== 'createPayment') return undefined;
        const amount = (input as CreatePaymentInput).amount;
        return {
          amount: Math.round((amount.amount * fee.basisPoints) / 10_000) + fee.fixed,
          currency: amount.currency,
        };
      },
    };
  }

  async check() {
    return { id: `${this.name}-account` };
  }

  /** How many payments were actually created for `reference`. */
  charges(reference: string): number {
    return [...this.payments.values()].filter((p) => p.reference === reference).length;
  }

  async createPayment(raw: CreatePaymentInput, call: CallOptions = {}): Promise<Payment> {
    const input = parseInput(createPaymentInputSchema, raw, {
      provider: this.name,
      operation: 'createPayment',
    });
    await simulateLatency(this.options.latencyMs, call.signal);
    this.failures.maybeThrow('createPayment');
    const replay = call.idempotencyKey ? this.byKey.get(call.idempotencyKey) : undefined;
    if (replay) return replay;
    const declines = this.options.declines ?? { tok_declined: 'card_declined' };
    const declineCode = input.paymentMethod ? declines[input.paymentMethod] : undefined;
    if (declineCode)
      throw new DeclinedError(undefined, {
        provider: this.name,
        operation: 'createPayment',
        declineCode,
        providerCode: declineCode,
      });
    const payment: Payment = {
      id: `pay_${++this.counter}`,
      status: input.capture ? 'captured' : 'authorized',
      amount: input.amount,
      amountCaptured: input.capture ? input.amount : { amount: 0, currency: input.amount.currency },
      amountRefunded: { amount: 0, currency: input.amount.currency },
      reference: input.reference,
      customerId: input.customerId,
      createdAt: new Date().toISOString(),
    };
    this.payments.set(payment.id, payment);
    if (call.idempotencyKey) this.byKey.set(call.idempotencyKey, payment);
    this.failuresAfterCommit.maybeThrow('createPayment');
    return payment;
  }

  async getPayment(raw: PaymentRef): Promise<Payment> {
    const input = parseInput(paymentRefSchema, raw, { provider: this.name, operation: 'getPayment' });
    const payment = this.payments.get(input.id);
    if (!payment) throw new NotFoundError(undefined, { provider: this.name, operation: 'getPayment' });
    return payment;
  }

  async findPayment(raw: FindPaymentInput): Promise<Payment | undefined> {
    const input = parseInput(findPaymentInputSchema, raw, { provider: this.name, operation: 'findPayment' });
    return [...this.payments.values()].find((p) => p.reference === input.reference);
  }

  async capturePayment(raw: CapturePaymentInput): Promise<Payment> {
    const input = parseInput(capturePaymentInputSchema, raw, {
      provider: this.name,
      operation: 'capturePayment',
    });
    const payment = await this.getPayment({ id: input.id });
    if (payment.status !== 'authorized') {
      throw new ValidationError(
        `${this.name}.capturePayment: payment ${payment.id} is ${payment.status}, not authorized.`,
        { provider: this.name, operation: 'capturePayment', field: 'id', rule: 'state' },
      );
    }
    payment.status = 'captured';
    payment.amountCaptured = input.amount ?? payment.amount;
    return payment;
  }

  async cancelPayment(raw: PaymentRef): Promise<Payment> {
    const payment = await this.getPayment(raw);
    payment.status = 'canceled';
    return payment;
  }

  async refundPayment(raw: RefundPaymentInput, call: CallOptions = {}): Promise<Refund> {
    const input = parseInput(refundPaymentInputSchema, raw, {
      provider: this.name,
      operation: 'refundPayment',
    });
    await simulateLatency(this.options.latencyMs, call.signal);
    this.failures.maybeThrow('refundPayment');
    const payment = await this.getPayment({ id: input.paymentId });
    const captured = payment.amountCaptured?.amount ?? 0;
    const refunded = payment.amountRefunded?.amount ?? 0;
    const amount = input.amount?.amount ?? captured - refunded;
    if (amount <= 0 || refunded + amount > captured) {
      throw new ValidationError(
        `${this.name}.refundPayment: refund of ${amount} exceeds the ${captured - refunded} left to refund.`,
        { provider: this.name, operation: 'refundPayment', field: 'amount', rule: 'refundable' },
      );
    }
    payment.amountRefunded = { amount: refunded + amount, currency: payment.amount.currency };
    payment.status = refunded + amount === captured ? 'refunded' : 'partially_refunded';
    const refund: Refund = {
      id: `re_${this.refunds.length + 1}`,
      paymentId: payment.id,
      amount: { amount, currency: payment.amount.currency },
      status: 'succeeded',
    };
    this.refunds.push(refund);
    return refund;
  }
}
