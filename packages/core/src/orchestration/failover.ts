import type { AdapterKind } from '../adapters/adapter';
import type { DispatchOptions, OperationOutcome } from '../dispatch/dispatcher';
import { ERROR_DECISIONS } from '../errors/error-codes';
import { DeclinedError, type InfraFabricError, ValidationError } from '../errors/infrafabric-error';
import type { Payment } from '../schemas/payment';

/** One provider tried in a failover chain. */
export interface FailoverAttempt {
  provider: string;
  ok: boolean;
  error?: InfraFabricError | undefined;
  /** Set when an uncertain payment was looked up before moving on. */
  reconciled?: 'found' | 'not_found' | undefined;
}

/** Result of running one operation over a chain of providers. */
export type FailoverResult<T> =
  | { ok: true; value: T; provider: string; attempts: FailoverAttempt[] }
  | { ok: false; error: InfraFabricError; attempts: FailoverAttempt[] };

/** What failover needs from the bus. */
export interface FailoverContext {
  dispatch<T>(
    provider: string,
    operation: string,
    input: unknown,
    options: DispatchOptions & { idempotencyKey?: string },
  ): Promise<OperationOutcome<T>>;
}

/** Options of a failover run. */
export interface FailoverOptions extends DispatchOptions {
  /**
   * Allow moving on after a failure whose outcome is unknown for operations that cannot be
   * reconciled (e.g. an SMS that may have been sent). Default false: stop, rather than risk a duplicate.
   */
  failoverOnUnknownOutcome?: boolean | undefined;
  /** Idempotency key of the logical operation; each provider gets `${key}:${provider}`. */
  idempotencyKey?: string | undefined;
}

/**
 * Tries `providers` in order, moving to the next only on errors that are safe to move on from
 * (per `ERROR_DECISIONS`: network, 5xx, circuit open, rate limit past the retry deadline, auth...).
 * Declines and validation errors stop at once. A payment whose outcome is unknown is first
 * reconciled at the same provider with `findPayment({ reference })`: found → that payment is the
 * result (no second charge); not found → move on; lookup impossible → stop with the error.
 */
export async function runWithFailover<T>(
  kind: AdapterKind,
  operation: string,
  input: unknown,
  providers: readonly string[],
  context: FailoverContext,
  options: FailoverOptions = {},
): Promise<FailoverResult<T>> {
  const attempts: FailoverAttempt[] = [];
  let lastError: InfraFabricError | undefined;
  const isCharge = kind === 'payment' && operation === 'createPayment';
  const reference = isCharge ? (input as { reference?: string }).reference : undefined;
  if (isCharge && providers.length > 1 && !reference) {
    throw new ValidationError(
      'Failover of createPayment needs input.reference, so an uncertain payment can be reconciled before another provider is tried (no double charge).',
      {
        operation,
        field: 'input.reference',
        rule: 'required_for_failover',
      },
    );
  }
  for (const provider of providers) {
    const key = options.idempotencyKey ? `${options.idempotencyKey}:${provider}` : undefined;
    const outcome = await context.dispatch<T>(provider, operation, input, {
      ...options,
      idempotencyKey: key,
    });
    if (outcome.ok) {
      attempts.push({ provider, ok: true });
      return { ok: true, value: outcome.value, provider, attempts };
    }
    const error = outcome.error;
    lastError = error;
    const attempt: FailoverAttempt = { provider, ok: false, error };
    attempts.push(attempt);
    if (
      !ERROR_DECISIONS[error.code].failover ||
      (error.code === 'provider' && !error.retryable && !error.outcomeUnknown)
    ) {
      return { ok: false, error, attempts };
    }
    if (error.outcomeUnknown) {
      if (isCharge) {
        const found = await context.dispatch<Payment | undefined>(
          provider,
          'findPayment',
          { reference },
          // A lookup must get through even when the circuit this very charge opened is open.
          { signal: options.signal, policies: { circuitBreaker: false } },
        );
        if (!found.ok) return { ok: false, error, attempts };
        const payment = found.value;
        if (payment && payment.status === 'failed') {
          // The charge was attempted and refused: a decline, which is never failed over.
          attempt.reconciled = 'found';
          const declined = new DeclinedError(
            `${provider}.${operation}: the payment with reference "${reference}" was declined (found while reconciling an unanswered request). Ask the customer for another payment method.`,
            { provider, operation, providerCode: payment.providerStatus },
          );
          return { ok: false, error: declined, attempts };
        }
        if (payment && payment.status !== 'canceled' && payment.status !== 'requires_payment_method') {
          attempt.reconciled = 'found';
          return { ok: true, value: payment as T, provider, attempts };
        }
        // Not there, or there without money (canceled / never confirmed): safe to try the next one.
        attempt.reconciled = 'not_found';
      } else if (!options.failoverOnUnknownOutcome) {
        return { ok: false, error, attempts };
      }
    }
  }
  return {
    ok: false,
    error:
      lastError ??
      new ValidationError(`No provider can run ${kind}.${operation}.`, {
        operation,
        field: 'providers',
        rule: 'capable',
      }),
    attempts,
  };
}
