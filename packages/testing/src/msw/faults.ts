import { delay, getResponse, HttpResponse, http, type RequestHandler } from 'msw';
import type { SetupServerApi } from './server-type';

/** A failure the conformance suite and reliability tests can inject. */
export type FaultKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'connection_reset'
  | 'success_then_dropped';

/** HTTP status each status fault answers with. */
export const FAULT_STATUS: Readonly<Partial<Record<FaultKind, number>>> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  server_error: 503,
};

/** Injects faults into whatever transport an adapter uses. */
export interface FaultInjector {
  /** The next `times` requests (default 1) fail with `fault`. */
  inject(fault: FaultKind, options?: { times?: number; retryAfterSeconds?: number }): void;
  /** Removes every injected fault. */
  reset(): void;
}

/** Options of {@link createHttpFaultInjector}. */
export interface HttpFaultOptions {
  /** Requests whose URL starts with this are affected. */
  baseUrl: string;
  /**
   * The provider's own error response for a status fault (its real error body shape, e.g. Stripe's
   * `{ error: { type, code, message } }`), so the adapter's error mapping is exercised for real.
   */
  errorResponse?: (fault: FaultKind, status: number, retryAfterSeconds: number | undefined) => Response;
  /** The simulator's handlers, used by `success_then_dropped` to carry the request out before dropping the answer. */
  simulator?: RequestHandler[];
}

/**
 * Fault injection for HTTP providers on msw: status faults answer with the provider's error body,
 * `timeout` never answers, `connection_reset` drops the connection, and `success_then_dropped`
 * lets the simulator carry the request out, then drops the response (the uncertain outcome that
 * idempotency keys exist for).
 */
export function createHttpFaultInjector(server: SetupServerApi, options: HttpFaultOptions): FaultInjector {
  const base = options.baseUrl.replace(/\/$/, '');
  return {
    inject(fault, { times = 1, retryAfterSeconds } = {}) {
      let remaining = times;
      const handler = http.all(`${base}/*`, async ({ request }) => {
        if (remaining <= 0) return undefined;
        remaining -= 1;
        const status = FAULT_STATUS[fault];
        if (status !== undefined) {
          const retryAfter = fault === 'rate_limited' ? (retryAfterSeconds ?? 1) : retryAfterSeconds;
          if (options.errorResponse) return options.errorResponse(fault, status, retryAfter);
          return HttpResponse.json(
            { error: { message: `injected ${fault}` } },
            { status, headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } },
          );
        }
        if (fault === 'timeout') {
          await delay('infinite');
          return undefined;
        }
        if (fault === 'success_then_dropped' && options.simulator) {
          await getResponse(options.simulator, request);
        }
        return HttpResponse.error();
      });
      server.use(handler);
    },
    reset() {
      server.resetHandlers();
    },
  };
}
