import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** A running loopback simulator server. */
export interface LoopbackSimulator {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The base URL to give an adapter for `prefix`, e.g. `url('stripe')` → `http://127.0.0.1:<port>/stripe`. */
  url(prefix: string): string;
  close(): Promise<void>;
}

/** Options of {@link serveHandlers}. */
export interface ServeHandlersOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * Path prefix → the provider origin the handlers were written for. A request to
   * `/stripe/v1/charges` with `{ stripe: 'https://api.stripe.com' }` is answered by the handler for
   * `https://api.stripe.com/v1/charges`.
   */
  routes: Record<string, string>;
}

async function toRequest(message: IncomingMessage, target: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(message.headers)) {
    if (value === undefined || key === 'host' || key === 'connection') continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  const method = message.method ?? 'GET';
  const body =
    method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(target, { method, headers, body });
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => {
    if (key !== 'content-length' && key !== 'transfer-encoding') res.setHeader(key, value);
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.setHeader('content-length', body.byteLength);
  res.end(body);
}

/**
 * Serves msw handlers over a real HTTP server on 127.0.0.1, so official SDKs talk real HTTP to
 * the same simulators the tests use (the demo and benchmarks run this way). Only loopback.
 */
export async function serveHandlers(
  handlers: RequestHandler[],
  options: ServeHandlersOptions,
): Promise<LoopbackSimulator> {
  const routes = Object.entries(options.routes).map(
    ([prefix, origin]) => [`/${prefix.replace(/^\/|\/$/g, '')}`, origin.replace(/\/$/, '')] as const,
  );
  const server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      const route = routes.find(
        ([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`),
      );
      if (!route) {
        res.statusCode = 404;
        res.end(`no simulator route for ${path}`);
        return;
      }
      const request = await toRequest(req, `${route[1]}${path.slice(route[0].length)}`);
      const response = await getResponse(handlers, request);
      if (!response) {
        res.statusCode = 404;
        res.end(`no simulator handler for ${request.method} ${request.url}`);
        return;
      }
      if (response.type === 'error') {
        res.destroy();
        return;
      }
      await send(response, res);
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (prefix) => `${origin}/${prefix.replace(/^\/|\/$/g, '')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
