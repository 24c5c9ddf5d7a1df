import type { RecordedRequest } from '../msw/request-log';

/** The short form used in mismatches: `"POST /v1/refunds"`. */
export function requestLabel(request: RecordedRequest): string {
  return `${request.method.toUpperCase()} ${request.url.pathname}`;
}
