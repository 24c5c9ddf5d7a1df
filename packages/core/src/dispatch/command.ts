import type { AdapterKind } from '../adapters/adapter';
import { newCommandId } from './command-id';

/**
 * A plain, serializable operation: what the Bus dispatches in-process or sends through a durable
 * queue. One command is one logical operation; its retries share `id` and `idempotencyKey`.
 */
export interface OperationCommand {
  id: string;
  kind: AdapterKind;
  /** Adapter name on the bus (usually the provider name). */
  provider: string;
  operation: string;
  input: unknown;
  idempotencyKey?: string | undefined;
  /** Correlates the commands of one flow (broadcast, profile run). */
  traceId?: string | undefined;
}

/** Builds a command, filling in `id` and `traceId`. */
export function createCommand(
  command: Omit<OperationCommand, 'id'> & { id?: string | undefined },
): OperationCommand {
  const id = command.id ?? newCommandId();
  return {
    id,
    kind: command.kind,
    provider: command.provider,
    operation: command.operation,
    input: command.input,
    // Always present (possibly undefined): every command has the same shape, and the dispatcher
    // sets the key of a mutating operation later.
    idempotencyKey: command.idempotencyKey,
    traceId: command.traceId ?? id,
  };
}
