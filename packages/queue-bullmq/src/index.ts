/**
 * `@infrafabric/queue-bullmq`: the durable, distributed transport for the InfraFabric Bus.
 * Producers: `new Bus({ transport: bullmqTransport({ connection }) })`. Workers:
 * `startWorker({ bus, connection })` on any number of machines.
 *
 * @packageDocumentation
 */
export {
  bullmqTransport,
  type BullmqTransport,
  type BullmqTransportOptions,
  type JobHandle,
} from './transport';
export { startWorker, type StartWorkerOptions, type RunningWorker, type FleetRateLimit } from './worker';
export { openDeadLetters, type DeadLetter, type DeadLetterQueue } from './dead-letters';
export { RedisStreamAuditSink, readRedisAudit, verifyRedisAudit } from './redis-audit-sink';
export { RedisDedupStore } from './redis-dedup-store';
export { openRedis, type RedisConnection, type RedisLike } from './load';
export { providerQueueName, deadLetterQueueName, completedKey, auditStreamKey } from './names';
export type { SerializedOutcome } from './serialized-outcome';
export type { QueueNaming } from './names';
