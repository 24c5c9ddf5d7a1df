import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** A running webhook server. */
export interface WebhookServer {
  /** `http://<host>:<port>` it listens on. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The request as a Web `Request` whose body streams from the socket, so the Bus's webhook handler
 * enforces its body-size limit before anything is buffered.
 */
function toRequest(message: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  const method = message.method ?? 'GET';
  const body =
    method === 'GET' || method === 'HEAD' ? undefined : (Readable.toWeb(message) as ReadableStream);
  return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
}

/**
 * Serves a Web-standard handler (the Bus's `webhooks.handle`) over node:http. With `publicUrl`,
 * requests are rebuilt on that origin, because providers such as Twilio sign the public URL they
 * called, not the address behind the tunnel or proxy.
 */
export async function startWebhookServer(
  handle: (request: Request) => Promise<Response>,
  options: { host: string; port: number; publicUrl?: string | undefined },
): Promise<WebhookServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const origin = options.publicUrl?.replace(/\/$/, '') ?? `http://${req.headers.host ?? options.host}`;
      const response = await handle(toRequest(req, `${origin}${req.url ?? '/'}`));
      res.statusCode = response.status;
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      res.statusCode = 500;
      res.end('webhook processing failed');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
