import type { SetupServerApi } from './server-type';

/** One request an adapter sent, as the simulator saw it. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** Raw body text ('' when none). */
  body: string;
}

/** Every request seen by an msw server since it was created or cleared. */
export interface RequestLog {
  readonly requests: readonly RecordedRequest[];
  /** Requests whose URL starts with `prefix` (or matches a predicate). */
  matching(filter: string | ((request: RecordedRequest) => boolean)): RecordedRequest[];
  clear(): void;
  /** Stops recording. */
  dispose(): void;
  /** Waits until every body of the requests seen so far has been read. */
  settled(): Promise<void>;
}

/**
 * Records every request that reaches `server` (handled or not), with its body, so tests can
 * assert what an adapter sent: that nothing was sent before validation failed, that retries reused
 * one idempotency key, and that each request matches the provider's published spec.
 */
export function recordRequests(server: SetupServerApi): RequestLog {
  const requests: RecordedRequest[] = [];
  const pending = new Set<Promise<void>>();
  const listener = ({ request }: { request: Request }) => {
    const copy = request.clone();
    const headers: Record<string, string> = {};
    copy.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const entry: RecordedRequest = { method: copy.method, url: new URL(copy.url), headers, body: '' };
    requests.push(entry);
    const read = copy
      .text()
      .then((text) => {
        entry.body = text;
      })
      .catch(() => undefined)
      .finally(() => pending.delete(read));
    pending.add(read);
  };
  server.events.on('request:start', listener);
  return {
    requests,
    matching(filter) {
      return requests.filter((r) => (typeof filter === 'string' ? r.url.href.startsWith(filter) : filter(r)));
    },
    clear() {
      requests.length = 0;
    },
    dispose() {
      server.events.removeListener('request:start', listener);
    },
    async settled() {
      await Promise.all([...pending]);
    },
  };
}
