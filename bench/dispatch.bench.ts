// Dispatch throughput and Bus overhead. Run through `pnpm bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bus,
  type ChatAdapter,
  JsonlAuditSink,
  MemoryAuditSink,
  SPECIFICATION_VERSION,
  type SendMessageInput,
  parseInput,
  sendMessageInputSchema,
} from '@infrafabric/core';
import { FakeChatAdapter, FakeSipCarrier } from '@infrafabric/testing';
import { NetworkError } from '@infrafabric/core';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
  detail?: string;
}

const message = { to: { chatId: 'C0123' }, text: 'deploy finished' };

async function throughput(bus: Bus, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let ops = 0;
  // Sequential awaits: the honest number for one core (no overlap hiding the cost).
  while (performance.now() < deadline) {
    for (let i = 0; i < 200; i++) await bus.chat.send('in-memory', message);
    ops += 200;
  }
  return ops / seconds;
}

/**
 * The leanest honest in-memory chat adapter: it does what an adapter must (validate its input) and
 * returns at once, so the benchmark measures the dispatcher, not a test fake's bookkeeping.
 */
function inMemoryAdapter(): ChatAdapter {
  let id = 0;
  return {
    ...loopbackAdapter('http://unused.invalid'),
    provider: 'in-memory',
    async sendMessage(raw: SendMessageInput) {
      const input = parseInput(sendMessageInputSchema, raw);
      id += 1;
      return { id: String(id), chatId: input.to.chatId };
    },
  };
}

/** A chat adapter that posts JSON to a loopback HTTP server, the same work with or without the Bus. */
function loopbackAdapter(url: string): ChatAdapter {
  const agentFetch = (body: string) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return {
    specificationVersion: SPECIFICATION_VERSION,
    kind: 'chat',
    provider: 'loopback',
    capabilities: {
      operations: {
        sendMedia: false,
        editMessage: false,
        deleteMessage: false,
        getHistory: false,
        createGroup: false,
        addMember: false,
        getGroupInfo: false,
        setWebhook: false,
        parseWebhook: false,
        receive: false,
      },
      formats: ['plain'],
      maxTextLength: 4000,
      replies: false,
      threads: false,
      media: { url: false, bytes: false },
    },
    check: async () => ({ id: 'loopback' }),
    async sendMessage(raw: SendMessageInput) {
      const input = parseInput(sendMessageInputSchema, raw);
      const response = await agentFetch(JSON.stringify(input));
      const json = (await response.json()) as { id: string };
      return { id: json.id, chatId: input.to.chatId };
    },
  };
}

export async function runDispatchBenchmarks(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const memoryBus = new Bus({
    adapters: [inMemoryAdapter()],
    auditSinks: [new MemoryAuditSink(10_000)],
    policies: { retry: false },
  });
  await throughput(memoryBus, 0.5);
  const memoryOps = await throughput(memoryBus, 2);
  results.push({
    name: 'dispatch throughput, in-memory adapter + memory audit sink',
    value: Math.round(memoryOps),
    unit: 'ops/s',
    target: '≥ 100,000',
    pass: memoryOps >= 100_000,
  });

  const dir = mkdtempSync(join(tmpdir(), 'if-bench-'));
  try {
    const jsonlBus = new Bus({
      adapters: [inMemoryAdapter()],
      auditSinks: [new JsonlAuditSink(join(dir, 'audit.jsonl'))],
      policies: { retry: false },
    });
    await throughput(jsonlBus, 0.5);
    const jsonlOps = await throughput(jsonlBus, 2);
    await jsonlBus.close();
    results.push({
      name: 'dispatch throughput, in-memory adapter + JSONL audit sink',
      value: Math.round(jsonlOps),
      unit: 'ops/s',
      target: '≥ 30,000',
      pass: jsonlOps >= 30_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Bus overhead against a real loopback HTTP server: same adapter, direct vs through the Bus, interleaved.
  let counter = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: String(++counter) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/post`;
  const adapter = loopbackAdapter(url);
  const bus = new Bus({
    adapters: [adapter],
    auditSinks: [new MemoryAuditSink(10_000)],
    policies: { retry: false },
  });
  const rounds = 10;
  const perRound = 300;
  let direct = 0;
  let viaBus = 0;
  for (let i = 0; i < 200; i++) {
    await adapter.sendMessage(message);
    await bus.chat.send('loopback', message);
  }
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    for (let i = 0; i < perRound; i++) await adapter.sendMessage(message);
    direct += performance.now() - t;
    t = performance.now();
    for (let i = 0; i < perRound; i++) await bus.chat.send('loopback', message);
    viaBus += performance.now() - t;
  }
  server.close();
  const calls = rounds * perRound;
  const overheadUs = ((viaBus - direct) / calls) * 1000;
  const ratio = viaBus / direct - 1;
  results.push({
    name: 'Bus overhead per call vs direct adapter call (loopback HTTP)',
    value: Math.round(overheadUs * 10) / 10,
    unit: 'µs',
    target: '< 50 µs and < 3%',
    pass: overheadUs < 50 && ratio < 0.03,
    detail: `direct ${((direct / calls) * 1000).toFixed(1)} µs/call, via Bus ${((viaBus / calls) * 1000).toFixed(1)} µs/call, ratio +${(ratio * 100).toFixed(2)}%`,
  });

  // Broadcast fan-out: 10 platforms with 50 ms latency each.
  const platforms = Array.from(
    { length: 10 },
    (_, i) => new FakeChatAdapter({ name: `p${i}`, latencyMs: 50 }),
  );
  const fanBus = new Bus({ adapters: platforms });
  const started = performance.now();
  const fan = await fanBus.broadcast(
    { text: 'go' },
    platforms.map((p) => ({ provider: p.name, chatId: 'c' })),
    { concurrency: 10 },
  );
  const fanMs = performance.now() - started;
  results.push({
    name: 'broadcast to 10 platforms with 50 ms latency each',
    value: Math.round(fanMs),
    unit: 'ms',
    target: 'close to 50 ms (not 500)',
    pass: fan.status === 'success' && fanMs < 80,
  });

  // Failover with a dead primary whose circuit is open: time spent on the primary.
  const dead = new FakeSipCarrier({ name: 'dead' });
  const live = new FakeSipCarrier({ name: 'live' });
  dead.failures.failNext('sendSms', new NetworkError('down', { provider: 'dead' }), 1_000_000);
  const failBus = new Bus({
    adapters: [dead, live],
    auditSinks: [new MemoryAuditSink(1000)],
    policies: { retry: false, circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 3_600_000 } },
  });
  const sms = { from: '+14155552671', to: '+33612345678', text: 'x' };
  await failBus.failover('sip', 'sendSms', sms, ['dead', 'live']);
  const n = 2000;
  let onDead = 0;
  const end = failBus.on('end', ({ command, entry }) => {
    if (command.provider === 'dead') onDead += entry.latencyMs;
  });
  for (let i = 0; i < n; i++)
    await failBus.run('sip', 'sendSms', sms, { via: ['dead', 'live'], strategy: 'ordered' });
  end();
  const skippedAll = onDead === 0;
  results.push({
    name: 'failover with an open-circuit primary: time spent on the primary per call',
    value: Math.round((onDead / n) * 1000) / 1000,
    unit: 'ms',
    target: '< 1 ms',
    pass: onDead / n < 1,
    detail: skippedAll ? 'open circuits are ordered last, so the dead primary is not even tried' : undefined,
  });
  return results;
}
