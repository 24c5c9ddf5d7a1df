import type { CallOptions } from '../adapters/adapter';
import type { ChatAdapter } from '../adapters/chat-adapter';
import type { CloudAdapter } from '../adapters/cloud-adapter';
import type { DeviceAdapter } from '../adapters/device-adapter';
import type { PaymentAdapter } from '../adapters/payment-adapter';
import type { ProductionAdapter } from '../adapters/production-adapter';
import type { SipAdapter } from '../adapters/sip-adapter';
import type { DispatchOptions } from '../dispatch/dispatcher';

/** Adapter members that are not dispatchable commands (inbound streams, lifecycle). */
export type NotCommands = 'check' | 'close' | 'parseWebhook' | 'receive' | 'events' | 'watchStates';

/**
 * A per-kind facade: each dispatchable operation of the adapter interface becomes
 * `(provider, input, options?) => Promise<output>`, running through the Bus's policies, audit log
 * and costs.
 */
export type KindFacade<A> = {
  [K in Exclude<keyof A, NotCommands> as NonNullable<A[K]> extends (
    input: never,
    options?: CallOptions,
  ) => Promise<unknown>
    ? K
    : never]-?: NonNullable<A[K]> extends (input: infer I, options?: CallOptions) => Promise<infer O>
    ? undefined extends I
      ? (provider: string, input?: I, options?: DispatchOptions) => Promise<O>
      : (provider: string, input: I, options?: DispatchOptions) => Promise<O>
    : never;
};

/** `bus.chat`: chat operations plus `send` (= `sendMessage`). */
export type ChatFacade = KindFacade<ChatAdapter> & { send: KindFacade<ChatAdapter>['sendMessage'] };
/** `bus.cloud`: cloud operations plus `provision` (= `createServer`) and `destroy` (= `destroyServer`). */
export type CloudFacade = KindFacade<CloudAdapter> & {
  provision: KindFacade<CloudAdapter>['createServer'];
  destroy: KindFacade<CloudAdapter>['destroyServer'];
};
/** `bus.sip`: voice/SMS operations plus `call` (= `placeCall`) and `sms` (= `sendSms`). */
export type SipFacade = KindFacade<SipAdapter> & {
  call: KindFacade<SipAdapter>['placeCall'];
  sms: KindFacade<SipAdapter>['sendSms'];
};
/** `bus.payment`: payment operations plus `charge` (= `createPayment`) and `refund` (= `refundPayment`). */
export type PaymentFacade = KindFacade<PaymentAdapter> & {
  charge: KindFacade<PaymentAdapter>['createPayment'];
  refund: KindFacade<PaymentAdapter>['refundPayment'];
};
/** `bus.production`: switcher operations plus `scene` (= `setProgramScene`). */
export type ProductionFacade = KindFacade<ProductionAdapter> & {
  scene: KindFacade<ProductionAdapter>['setProgramScene'];
};
/** `bus.device`: device-hub operations. */
export type DeviceFacade = KindFacade<DeviceAdapter>;

/** Friendly aliases per kind: alias → operation. */
export const FACADE_ALIASES = {
  chat: { send: 'sendMessage' },
  cloud: { provision: 'createServer', destroy: 'destroyServer' },
  sip: { call: 'placeCall', sms: 'sendSms' },
  payment: { charge: 'createPayment', refund: 'refundPayment' },
  production: { scene: 'setProgramScene' },
  device: {},
} as const;
