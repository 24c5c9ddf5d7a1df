import type {
  CancelSubscriptionInput,
  CapturePaymentInput,
  CreateCustomerInput,
  CreatePaymentInput,
  CreateSubscriptionInput,
  Customer,
  CustomerRef,
  FindPaymentInput,
  Payment,
  PaymentRef,
  Refund,
  RefundPaymentInput,
  Subscription,
} from '../schemas/payment';
import type { Adapter, BaseCapabilities, CallOptions } from './adapter';
import type { ParseWebhookOptions, WebhookResult } from './inbound';

/** Optional payment operations, each mirrored in `capabilities.operations`. */
export const PAYMENT_OPERATIONS = [
  'capturePayment',
  'cancelPayment',
  'findPayment',
  'createCustomer',
  'getCustomer',
  'createSubscription',
  'cancelSubscription',
  'parseWebhook',
] as const;
/** Optional payment operation name. */
export type PaymentOperation = (typeof PAYMENT_OPERATIONS)[number];

/** What a payment processor can do. */
export interface PaymentCapabilities extends BaseCapabilities<PaymentOperation> {
  /** Authorize now, capture later. */
  readonly separateCapture: boolean;
  readonly partialRefunds: boolean;
  /** The provider deduplicates with an idempotency key (so retries never double-charge). Required for payments. */
  readonly idempotencyKeys: boolean;
  /** Currencies accepted, or `'any'`. */
  readonly currencies: readonly string[] | 'any';
}

/**
 * A payment processor: Stripe, Adyen, PayPal... Every mutating call carries the dispatcher's
 * idempotency key to the provider where it supports one.
 */
export interface PaymentAdapter extends Adapter<'payment', PaymentCapabilities> {
  createPayment(input: CreatePaymentInput, options?: CallOptions): Promise<Payment>;
  getPayment(input: PaymentRef, options?: CallOptions): Promise<Payment>;
  refundPayment(input: RefundPaymentInput, options?: CallOptions): Promise<Refund>;
  capturePayment?(input: CapturePaymentInput, options?: CallOptions): Promise<Payment>;
  cancelPayment?(input: PaymentRef, options?: CallOptions): Promise<Payment>;
  /** Looks a payment up by your own `reference`: how an uncertain payment is reconciled. */
  findPayment?(input: FindPaymentInput, options?: CallOptions): Promise<Payment | undefined>;
  createCustomer?(input: CreateCustomerInput, options?: CallOptions): Promise<Customer>;
  getCustomer?(input: CustomerRef, options?: CallOptions): Promise<Customer>;
  createSubscription?(input: CreateSubscriptionInput, options?: CallOptions): Promise<Subscription>;
  cancelSubscription?(input: CancelSubscriptionInput, options?: CallOptions): Promise<Subscription>;
  parseWebhook?(request: Request, options?: ParseWebhookOptions): Promise<WebhookResult>;
}
