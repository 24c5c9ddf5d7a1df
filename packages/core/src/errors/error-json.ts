import type { ErrorCode } from './error-codes';
import {
  AuthenticationError,
  BudgetExceededError,
  CircuitOpenError,
  DeclinedError,
  type InfraFabricError,
  NetworkError,
  NotFoundError,
  NotSupportedError,
  PermissionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from './infrafabric-error';

/** An error as `toJSON()` writes it: what crosses a queue or a process boundary. */
export interface SerializedError {
  name?: string;
  code: ErrorCode;
  message: string;
  provider?: string | undefined;
  operation?: string | undefined;
  retryable?: boolean;
  status?: number | undefined;
  providerCode?: string | undefined;
  outcomeUnknown?: boolean;
  retryAfterMs?: number | undefined;
  field?: string | undefined;
  rule?: string | undefined;
  declineCode?: string | undefined;
}

/**
 * Rebuilds an InfraFabric error of the right class from its `toJSON()` form, e.g. the result of a
 * command executed by a queue worker in another process.
 */
export function errorFromJSON(json: SerializedError): InfraFabricError {
  const base = {
    provider: json.provider,
    operation: json.operation,
    retryable: json.retryable,
    status: json.status,
    providerCode: json.providerCode,
    outcomeUnknown: json.outcomeUnknown,
  };
  switch (json.code) {
    case 'authentication':
      return new AuthenticationError(json.message, base);
    case 'permission':
      return new PermissionError(json.message, base);
    case 'validation':
      return new ValidationError(json.message, { ...base, field: json.field, rule: json.rule });
    case 'not_found':
      return new NotFoundError(json.message, base);
    case 'rate_limit':
      return new RateLimitError(json.message, { ...base, retryAfterMs: json.retryAfterMs });
    case 'timeout':
      return new TimeoutError(json.message, base);
    case 'network':
      return new NetworkError(json.message, base);
    case 'circuit_open':
      return new CircuitOpenError(json.message, base);
    case 'not_supported':
      return new NotSupportedError(json.message, base);
    case 'declined':
      return new DeclinedError(json.message, { ...base, declineCode: json.declineCode });
    case 'budget_exceeded':
      return new BudgetExceededError(json.message, base);
    default:
      return new ProviderError(json.message, base);
  }
}
