import type { RecordedRequest } from '../msw/request-log';
import type { ApiSpec, SpecMismatch } from './types';

/** A deliberate, explained difference between what the adapter sends and what the spec says. */
export interface KnownSpecDifference {
  /** Returns true for the mismatches this difference excuses. */
  match: (mismatch: SpecMismatch) => boolean;
  /** Why the difference is fine (shown nowhere else, so make it convincing). */
  reason: string;
}

/** Options of {@link expectRequestsToMatchSpec}. */
export interface ExpectRequestsOptions {
  knownDifferences?: KnownSpecDifference[];
  /** Requests to leave out (e.g. an OAuth token call to another host). */
  ignore?: (request: RecordedRequest) => boolean;
}

/**
 * Checks every recorded request against the spec and throws one Error listing each mismatch that
 * no known difference excuses. Also throws when no request was checked, so a test whose adapter
 * never reached the simulator cannot pass.
 *
 * @example
 * ```ts
 * expectRequestsToMatchSpec(spec, log.requests, {
 *   knownDifferences: [{ match: (m) => m.problem.includes('"payment_method_configuration"'), reason: 'added after 2023-08-16' }],
 * });
 * ```
 */
export function expectRequestsToMatchSpec(
  spec: ApiSpec,
  requests: readonly RecordedRequest[],
  options: ExpectRequestsOptions = {},
): void {
  const checked = requests.filter((request) => !options.ignore?.(request));
  if (checked.length === 0) {
    throw new Error(
      `expectRequestsToMatchSpec(${spec.name}): no request was checked (${requests.length} recorded, ` +
        `${requests.length - checked.length} ignored); did the adapter reach the simulator?`,
    );
  }
  const known = options.knownDifferences ?? [];
  const unexcused = checked
    .flatMap((request) => spec.check(request))
    .filter((m) => !known.some((k) => k.match(m)));
  if (unexcused.length > 0) {
    const lines = unexcused.map((m) => `  - ${m.request}: ${m.problem}`);
    throw new Error(
      `${unexcused.length} request mismatch(es) against ${spec.name} (${checked.length} request(s) checked):\n${lines.join('\n')}`,
    );
  }
}
