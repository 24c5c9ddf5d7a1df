/**
 * `@infrafabric/core`: adapter contracts, shared schemas, errors, the provider registry, call
 * policies, the audit log, costs and the Bus. Provider packages build on this; applications use
 * the Bus and `createAdapter`.
 *
 * @packageDocumentation
 */
export { CORE_VERSION, SPECIFICATION_VERSION, type SpecificationVersion } from './version';

export * from './errors/error-codes';
export * from './errors/infrafabric-error';
export * from './errors/from-http-status';
export * from './errors/retry-after';
export * from './errors/error-json';

/** Core's own zod, re-exported so provider packages build their option schemas without depending on zod. */
export { z } from 'zod';
export * from './schemas/validate';
export * from './schemas/common';
export * from './schemas/money';
export * from './schemas/phone';
export * from './schemas/chat';
export * from './schemas/cloud';
export * from './schemas/sip';
export * from './schemas/payment';
export * from './schemas/production';
export * from './schemas/device';

export * from './adapters/adapter';
export * from './adapters/inbound';
export * from './adapters/operations';
export * from './adapters/chat-adapter';
export * from './adapters/cloud-adapter';
export * from './adapters/sip-adapter';
export * from './adapters/payment-adapter';
export * from './adapters/production-adapter';
export * from './adapters/device-adapter';

export * from './registry/catalog';
export * from './registry/registry';
export * from './registry/secrets';

export * from './policies/backoff';
export * from './policies/token-bucket';
export * from './policies/circuit-breaker';
export * from './policies/policy-options';
export * from './policies/run-with-policies';

export * from './dispatch/command';
export * from './dispatch/events';
export * from './dispatch/dispatcher';

export * from './witness/audit-entry';
export * from './witness/canonical-json';
export * from './witness/redact';
export * from './witness/hash-chain';
export * from './witness/memory-sink';
export * from './witness/jsonl-sink';
export * from './witness/witness';
export * from './witness/telemetry';

export * from './costs/cost-model';
export * from './costs/cost-ledger';

export * from './bus/facades';
export * from './bus/bus';

export * from './provider-utils/webhook-verification';
export * from './provider-utils/lazy-module';
export * from './provider-utils/wait-for-server';

export * from './orchestration/portable-message';
export * from './orchestration/target-result';
export * from './orchestration/broadcast';
export * from './orchestration/strategies';
export * from './orchestration/failover';
export * from './orchestration/dedup-store';
export * from './orchestration/async-queue';
export * from './orchestration/webhook-handler';
export * from './orchestration/routing';
export * from './orchestration/profile-schema';
export * from './orchestration/profile-runner';
export * from './witness/input-digest';
export * from './provider-utils/sweep-managed-servers';
export * from './provider-utils/unix-time';
export * from './provider-utils/push-channel';
export * from './provider-utils/sms-encoding';
