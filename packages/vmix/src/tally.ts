import type { Socket } from 'node:net';
import { ProviderError, type ProductionEvent } from '@infrafabric/core';
import { PushChannel } from '@infrafabric/core';

/** Inputs on program (tally 1) and preview (tally 2), by input number. */
export interface TallyState {
  program: number[];
  preview: number[];
}

/**
 * Parses a `TALLY OK <digits>` line of the TCP API: one digit per input, in input order,
 * 0 = off, 1 = program, 2 = preview. Returns undefined for any other line.
 */
export function parseTallyLine(line: string): TallyState | undefined {
  const match = /^TALLY OK ([0-9]*)$/.exec(line.trim());
  if (!match) return undefined;
  const program: number[] = [];
  const preview: number[] = [];
  [...match[1]!].forEach((digit, index) => {
    if (digit === '1') program.push(index + 1);
    else if (digit === '2') preview.push(index + 1);
  });
  return { program, preview };
}

/** Settings of {@link vmixTallyEvents}. */
export interface VmixTallySettings {
  host: string;
  port: number;
  signal?: AbortSignal | undefined;
  /**
   * Reads which input titles are on program and preview (from the XML state), so events carry
   * input names rather than tally digits. Falls back to `Input <n>` when it fails.
   */
  resolve: () => Promise<{ program?: string | undefined; preview?: string | undefined }>;
  /** First reconnect delay; doubles up to `maxReconnectDelayMs`. */
  reconnectDelayMs?: number | undefined;
  maxReconnectDelayMs?: number | undefined;
}

const loadNet = () => import('node:net');

/**
 * Streams program/preview changes from vMix's TCP API (port 8099): sends `SUBSCRIBE TALLY`, asks
 * for the current `TALLY` once subscribed, and turns every tally change into `program_changed` /
 * `preview_changed` events. Reconnects with backoff after a dropped connection (emitting
 * `connection` events) until `signal` aborts.
 */
export function vmixTallyEvents(settings: VmixTallySettings): AsyncIterable<ProductionEvent> {
  const queue = new PushChannel<ProductionEvent>();
  const initialDelay = settings.reconnectDelayMs ?? 500;
  const maxDelay = settings.maxReconnectDelayMs ?? 10_000;
  let socket: Socket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastTally = '';
  let lastProgram: string | undefined;
  let lastPreview: string | undefined;
  let chain = Promise.resolve();

  const stop = () => {
    if (timer) clearTimeout(timer);
    socket?.destroy();
    queue.close();
  };
  if (settings.signal?.aborted) {
    queue.close();
    return queue;
  }
  settings.signal?.addEventListener('abort', stop, { once: true });

  const emit = (type: ProductionEvent['type'], value: ProductionEvent['value'], raw?: unknown) =>
    queue.push({ type, value, time: new Date().toISOString(), raw });

  const onTally = (line: string, tally: TallyState) => {
    chain = chain.then(async () => {
      let names: { program?: string | undefined; preview?: string | undefined };
      try {
        names = await settings.resolve();
      } catch {
        names = {
          program: tally.program[0] === undefined ? undefined : `Input ${tally.program[0]}`,
          preview: tally.preview[0] === undefined ? undefined : `Input ${tally.preview[0]}`,
        };
      }
      const raw = { tally: line, ...tally };
      if (names.program !== undefined && names.program !== lastProgram) {
        lastProgram = names.program;
        emit('program_changed', names.program, raw);
      }
      if (names.preview !== undefined && names.preview !== lastPreview) {
        lastPreview = names.preview;
        emit('preview_changed', names.preview, raw);
      }
    });
  };

  const onLine = (line: string, conn: Socket) => {
    if (line.startsWith('SUBSCRIBE OK')) {
      emit('connection', true, { line });
      conn.write('TALLY\r\n');
      return;
    }
    if (line.startsWith('SUBSCRIBE ER')) {
      queue.close(
        new ProviderError(`vmix.events: vMix refused the tally subscription: ${line.slice(13)}`, {
          provider: 'vmix',
          operation: 'events',
          providerCode: 'subscribe_error',
        }),
      );
      conn.destroy();
      return;
    }
    const tally = parseTallyLine(line);
    if (tally && line !== lastTally) {
      lastTally = line;
      onTally(line, tally);
    }
  };

  const connect = async (attempt: number) => {
    const net = await loadNet();
    if (queue.closed) return;
    const conn = net.createConnection({ host: settings.host, port: settings.port });
    socket = conn;
    conn.setEncoding('utf8');
    conn.setNoDelay(true);
    let buffer = '';
    let connected = false;
    conn.on('connect', () => {
      connected = true;
      conn.write('SUBSCRIBE TALLY\r\n');
    });
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line, conn);
      }
    });
    // 'close' always follows 'error'; reconnecting happens there.
    conn.on('error', () => undefined);
    conn.on('close', () => {
      if (queue.closed) return;
      if (connected) emit('connection', false);
      const next = connected ? 0 : attempt + 1;
      const delay = Math.min(maxDelay, initialDelay * 2 ** Math.min(next, 10));
      timer = setTimeout(() => void connect(next), delay);
    });
  };
  void connect(0).catch((error: unknown) => queue.close(error));
  return queue;
}
