import {
  CHAT_OPERATIONS,
  CLOUD_OPERATIONS,
  type ChatAdapter,
  type CloudAdapter,
  DEVICE_OPERATIONS,
  type DeviceAdapter,
  PAYMENT_OPERATIONS,
  PRODUCTION_OPERATIONS,
  type PaymentAdapter,
  type ProductionAdapter,
  SIP_OPERATIONS,
  type SipAdapter,
} from '@infrafabric/core';
import { describeAdapterConformance } from './describe-adapter';
import type { ConformanceOptions } from './options';

/** Runs the shared conformance suite for a chat adapter. */
export function describeChatAdapter(options: ConformanceOptions<ChatAdapter>): void {
  describeAdapterConformance({ ...options, kind: 'chat', optionalOperations: CHAT_OPERATIONS });
}
/** Runs the shared conformance suite for a cloud adapter. */
export function describeCloudAdapter(options: ConformanceOptions<CloudAdapter>): void {
  describeAdapterConformance({ ...options, kind: 'cloud', optionalOperations: CLOUD_OPERATIONS });
}
/** Runs the shared conformance suite for a voice/SMS adapter. */
export function describeSipAdapter(options: ConformanceOptions<SipAdapter>): void {
  describeAdapterConformance({ ...options, kind: 'sip', optionalOperations: SIP_OPERATIONS });
}
/** Runs the shared conformance suite for a payment adapter. */
export function describePaymentAdapter(options: ConformanceOptions<PaymentAdapter>): void {
  describeAdapterConformance({ ...options, kind: 'payment', optionalOperations: PAYMENT_OPERATIONS });
}
/** Runs the shared conformance suite for a production switcher adapter. */
export function describeProductionAdapter(options: ConformanceOptions<ProductionAdapter>): void {
  describeAdapterConformance({ ...options, kind: 'production', optionalOperations: PRODUCTION_OPERATIONS });
}
/** Runs the shared conformance suite for a device-hub adapter. */
export function describeDeviceAdapter(options: ConformanceOptions<DeviceAdapter>): void {
  describeAdapterConformance({ ...options, kind: 'device', optionalOperations: DEVICE_OPERATIONS });
}
