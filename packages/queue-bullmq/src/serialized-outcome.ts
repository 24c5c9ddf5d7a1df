import {
  type OperationCommand,
  type OperationOutcome,
  type SerializedError,
  errorFromJSON,
  type Money,
} from '@infrafabric/core';

/** An operation outcome as stored in Redis / returned by a job. */
export type SerializedOutcome =
  | { ok: true; value: unknown; attempts: number; latencyMs: number; cost?: Money | undefined }
  | { ok: false; error: SerializedError; attempts: number; latencyMs: number };

/** Outcome → JSON-safe form. */
export function serializeOutcome(outcome: OperationOutcome): SerializedOutcome {
  if (outcome.ok)
    return {
      ok: true,
      value: outcome.value,
      attempts: outcome.attempts,
      latencyMs: outcome.latencyMs,
      cost: outcome.cost,
    };
  return {
    ok: false,
    error: outcome.error.toJSON() as unknown as SerializedError,
    attempts: outcome.attempts,
    latencyMs: outcome.latencyMs,
  };
}

/** JSON form → outcome with a real error class. */
export function deserializeOutcome<T>(
  command: OperationCommand,
  outcome: SerializedOutcome,
): OperationOutcome<T> {
  if (outcome.ok)
    return {
      ok: true,
      value: outcome.value as T,
      command,
      attempts: outcome.attempts,
      latencyMs: outcome.latencyMs,
      cost: outcome.cost,
    };
  return {
    ok: false,
    error: errorFromJSON(outcome.error),
    command,
    attempts: outcome.attempts,
    latencyMs: outcome.latencyMs,
  };
}
