import type { ComputeManagementClientOptionalParams } from '@azure/arm-compute';

/** The Azure pipeline's transport interface, as the compute client's options type it. */
export type AzureHttpClient = NonNullable<ComputeManagementClientOptionalParams['httpClient']>;
type PipelineRequest = Parameters<AzureHttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<AzureHttpClient['sendRequest']>>;
type HttpHeaders = PipelineResponse['headers'];

/** Case-insensitive header collection the Azure pipeline expects on a response. */
function pipelineHeaders(source: Headers): HttpHeaders {
  const map = new Map<string, { name: string; value: string }>();
  source.forEach((value, name) => {
    map.set(name.toLowerCase(), { name, value });
  });
  return {
    get: (name) => map.get(name.toLowerCase())?.value,
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => {
      map.set(name.toLowerCase(), { name, value: String(value) });
    },
    delete: (name) => {
      map.delete(name.toLowerCase());
    },
    toJSON: (options) =>
      Object.fromEntries(
        [...map.entries()].map(([key, entry]) => [options?.preserveCase ? entry.name : key, entry.value]),
      ),
    *[Symbol.iterator]() {
      for (const [key, entry] of map) yield [key, entry.value] as [string, string];
    },
  };
}

/** The pipeline's `AbortSignalLike` as a real AbortSignal (it already is one on Node). */
function toAbortSignal(signal: PipelineRequest['abortSignal']): AbortSignal | undefined {
  if (!signal || signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller.signal;
}

/**
 * An Azure pipeline transport over `fetch` (the global one, or `ProviderFactoryOptions.fetch`).
 * ARM requests and responses are small JSON documents, so bodies are strings or buffers; streamed
 * bodies are not needed by the compute operations this package uses. It also gives Azure the same
 * abort behaviour as every other fetch-based adapter (the SDK's node:http transport throws an
 * uncaught error when a request on a reused socket is aborted under msw).
 */
export function createFetchHttpClient(fetchImpl?: typeof fetch): AzureHttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const headers = new Headers();
      for (const [name, value] of request.headers) headers.set(name, value);
      const body = request.body;
      if (typeof body === 'function' || (body !== null && typeof body === 'object' && 'pipe' in body))
        throw new Error('azure fetch transport: streamed request bodies are not supported');
      // Resolved per request so a fetch patched later (tests, instrumentation) is used.
      const response = await (fetchImpl ?? globalThis.fetch)(request.url, {
        method: request.method,
        headers,
        body: (body ?? undefined) as unknown as RequestInit['body'],
        signal: toAbortSignal(request.abortSignal),
      });
      return {
        request,
        status: response.status,
        headers: pipelineHeaders(response.headers),
        bodyAsText: await response.text(),
      };
    },
  };
}
