/** Queue and key naming: one BullMQ queue per provider, so each can have its own rate limit. */
export interface QueueNaming {
  /** Base name, default `infrafabric`. */
  name: string;
}

/** BullMQ queue carrying the commands for one adapter name. */
export function providerQueueName(naming: QueueNaming, provider: string): string {
  return `${naming.name}-op-${provider.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The dead-letter queue. */
export function deadLetterQueueName(naming: QueueNaming): string {
  return `${naming.name}-dead`;
}

/** Key of the completed-operation record of one command. */
export function completedKey(naming: QueueNaming, commandId: string): string {
  return `${naming.name}:done:${commandId}`;
}

/** Stream holding every worker's audit entries. */
export function auditStreamKey(naming: QueueNaming): string {
  return `${naming.name}:audit`;
}
