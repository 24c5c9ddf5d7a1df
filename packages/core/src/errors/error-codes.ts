/** Machine-readable code of every InfraFabric error class. */
export type ErrorCode =
  | 'authentication'
  | 'permission'
  | 'validation'
  | 'not_found'
  | 'rate_limit'
  | 'timeout'
  | 'network'
  | 'circuit_open'
  | 'not_supported'
  | 'declined'
  | 'budget_exceeded'
  | 'provider';

/** What the dispatcher does with an error of one code. */
export interface ErrorDecision {
  /** Try the same provider again (with backoff), when the error is retryable. */
  readonly retry: boolean;
  /** Move to the next provider of a failover chain. */
  readonly failover: boolean;
  /** One line for humans: why this decision. */
  readonly reason: string;
}

/**
 * The one table that decides, for each error code, whether to retry, fail over or stop.
 *
 * Declines and validation errors stop: another attempt or provider would give the same answer
 * (or, for a card decline, must not be tried behind the customer's back).
 */
export const ERROR_DECISIONS: Readonly<Record<ErrorCode, ErrorDecision>> = {
  authentication: { retry: false, failover: true, reason: 'credentials rejected by this provider' },
  permission: { retry: false, failover: true, reason: 'credentials lack a permission at this provider' },
  validation: { retry: false, failover: false, reason: 'the input is wrong and would be wrong anywhere' },
  not_found: { retry: false, failover: false, reason: 'the resource does not exist at this provider' },
  rate_limit: { retry: true, failover: true, reason: 'the provider asked us to slow down' },
  timeout: { retry: true, failover: true, reason: 'no answer in time' },
  network: { retry: true, failover: true, reason: 'the connection failed' },
  circuit_open: { retry: false, failover: true, reason: 'the provider is failing; calls are paused' },
  not_supported: { retry: false, failover: true, reason: 'this provider cannot do the operation' },
  declined: {
    retry: false,
    failover: false,
    reason: 'the provider refused it (card decline, rejected call)',
  },
  budget_exceeded: { retry: false, failover: false, reason: 'the budget would be exceeded' },
  provider: { retry: true, failover: true, reason: 'the provider failed (retried only when retryable)' },
};
