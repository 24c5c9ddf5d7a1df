import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  GENESIS_HASH,
  JsonlAuditSink,
  MemoryAuditSink,
  REDACTED,
  Witness,
  maskCardNumbers,
  readAuditFile,
  redact,
  registerSecrets,
  verifyChain,
} from '../src/index';
import { canonicalJson } from '../src/witness/canonical-json';
import { chainEntry, chainRecordInPlace } from '../src/witness/hash-chain';

const record = (n: number): AuditRecord => ({
  time: new Date(1_700_000_000_000 + n).toISOString(),
  traceId: 't',
  commandId: `c${n}`,
  kind: 'chat',
  provider: 'slack',
  operation: 'sendMessage',
  inputDigest: 'd'.repeat(64),
  outcome: 'ok',
  attempts: 1,
  latencyMs: n,
});

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'if-audit-'));
  dirs.push(dir);
  return join(dir, 'audit.jsonl');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('hash chain', () => {
  it('links entries and verifies', async () => {
    const witness = new Witness([new MemoryAuditSink()]);
    for (let i = 0; i < 5; i++) await witness.append(record(i));
    const entries = await witness.entries();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(await witness.verify()).toEqual({ ok: true, checked: 5 });
  });

  it('names the first altered, removed or reordered entry', async () => {
    const sink = new MemoryAuditSink();
    const witness = new Witness([sink]);
    for (let i = 0; i < 5; i++) await witness.append(record(i));
    const entries = sink.entries();
    const altered = entries.map((e) => ({ ...e }));
    altered[2]!.outcome = 'error';
    expect(verifyChain(altered)).toMatchObject({ ok: false, firstBadSeq: 3 });
    const removed = entries.filter((e) => e.seq !== 3);
    expect(verifyChain(removed)).toMatchObject({ ok: false, firstBadSeq: 4 });
    const reordered = [entries[0]!, entries[2]!, entries[1]!, entries[3]!];
    expect(verifyChain(reordered).ok).toBe(false);
    expect(verifyChain(entries.slice(1))).toMatchObject({ ok: false, firstBadSeq: 2 });
    expect(verifyChain(entries.slice(1), { allowPartialStart: true }).ok).toBe(true);
  });

  it('a wrapped ring buffer still verifies from where it starts', async () => {
    const sink = new MemoryAuditSink(3);
    const witness = new Witness([sink]);
    for (let i = 0; i < 10; i++) await witness.append(record(i));
    expect(sink.entries().map((e) => e.seq)).toEqual([8, 9, 10]);
    expect((await witness.verify()).ok).toBe(true);
  });
});

describe('chainRecordInPlace', () => {
  it('makes the same entry as chainEntry (fields, order and hash), in the record object itself', () => {
    const previous = chainEntry(record(1), undefined);
    const copied = chainEntry({ ...record(2), cost: { amount: 5, currency: 'USD' } }, previous);
    const own = { ...record(2), cost: { amount: 5, currency: 'USD' } };
    const linked = chainRecordInPlace(own, previous);
    expect(linked).toBe(own);
    expect(Object.keys(linked)).toEqual(Object.keys(copied));
    expect(linked).toEqual(copied);
    expect(verifyChain([previous, linked])).toEqual({ ok: true, checked: 2 });
  });
});

describe('canonicalJson key order', () => {
  it('sorts keys by UTF-16 code units, as Array.prototype.sort does', () => {
    const keys = ['b', 'a', '10', '9', 'é', 'Z', 'aa', '', '\u{1F600}', 'ﬀ', 'A'];
    const small = Object.fromEntries(keys.map((k, i) => [k, i]));
    for (const value of [small]) {
      const expected = `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${value[k]}`)
        .join(',')}}`;
      expect(canonicalJson(value)).toBe(expected);
    }
  });
});

describe('JSONL sink', () => {
  it('appends one line per entry and continues the chain after a restart', async () => {
    const path = tempFile();
    const first = new Witness([new JsonlAuditSink(path)]);
    await first.append(record(1));
    await first.append(record(2));
    await first.close();
    const second = new Witness([new JsonlAuditSink(path)]);
    await second.append(record(3));
    expect((await second.verify()).ok).toBe(true);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
    await second.close();
  });

  it('detects a torn last line after a crash, keeps earlier entries valid, and appends after it', async () => {
    const path = tempFile();
    const witness = new Witness([new JsonlAuditSink(path)]);
    for (let i = 0; i < 3; i++) await witness.append(record(i));
    await witness.close();
    truncateSync(path, statSync(path).size - 20);
    const contents = readAuditFile(path);
    expect(contents.entries).toHaveLength(2);
    expect(contents.torn).toMatchObject({ line: 3 });
    expect(verifyChain(contents.entries).ok).toBe(true);
    const torn: unknown[] = [];
    const reopened = new JsonlAuditSink(path, { onTornLine: (t) => torn.push(t) });
    expect(torn).toHaveLength(1);
    const next = new Witness([reopened]);
    const entry = await next.append(record(9));
    expect(entry.seq).toBe(3);
    const after = readAuditFile(path);
    expect(after.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(after.corrupt).toHaveLength(1);
    expect(verifyChain(after.entries).ok).toBe(true);
    await next.close();
  });

  it('reports corruption in the middle separately from a torn end', () => {
    const path = tempFile();
    writeFileSync(path, '{"seq":1}\nnot json\n{"seq":2}\n');
    const contents = readAuditFile(path);
    expect(contents.torn).toBeUndefined();
    expect(contents.corrupt).toEqual([expect.objectContaining({ line: 2 })]);
  });
});

describe('redaction', () => {
  it('replaces values under credential-like keys at any depth', () => {
    const out = redact({
      token: 'xoxb-1',
      nested: { apiKey: 'k', password: 'p', list: [{ client_secret: 's' }] },
      text: 'hello',
      Authorization: 'Bearer x',
    });
    expect(out).toEqual({
      token: REDACTED,
      nested: { apiKey: REDACTED, password: REDACTED, list: [{ client_secret: REDACTED }] },
      text: 'hello',
      Authorization: REDACTED,
    });
  });
  it('masks card numbers in text but leaves other digit runs', () => {
    expect(maskCardNumbers('card 4242 4242 4242 4242 ok')).toBe(`card ${REDACTED} ok`);
    expect(maskCardNumbers('order 1234567890123')).toBe('order 1234567890123');
  });
  it('scrubs registered secret values wherever they appear', () => {
    registerSecrets(['sk_test_canary_123456']);
    expect(redact({ note: 'leaked sk_test_canary_123456 here' })).toEqual({
      note: `leaked ${REDACTED} here`,
    });
  });
});

describe('inputDigest', () => {
  it('equals the digest of the canonical JSON of the redacted input, for any input (property)', async () => {
    const fc = (await import('fast-check')).default;
    const { inputDigest, sha256Hex, canonicalJson } = await import('../src/index');
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, secretValue) => {
        const input = { value, token: secretValue, nested: { password: secretValue, keep: value } };
        expect(inputDigest(input)).toBe(sha256Hex(canonicalJson(redact(input))));
      }),
      { numRuns: 300 },
    );
  });
  it('does not change when only a secret changes, and changes with the content', async () => {
    const { inputDigest } = await import('../src/index');
    expect(inputDigest({ text: 'a', token: 'one' })).toBe(inputDigest({ token: 'two', text: 'a' }));
    expect(inputDigest({ text: 'a' })).not.toBe(inputDigest({ text: 'b' }));
  });
});

describe('batched audit writes (in-memory sinks)', () => {
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  /** A volatile sink that counts writes, to see when the witness writes. */
  class CountingSink extends MemoryAuditSink {
    writes = 0;
    override write(entry: Parameters<MemoryAuditSink['write']>[0]): void {
      this.writes += 1;
      super.write(entry);
    }
  }

  const build = (n: number) => () => record(n);

  it('writes a batch two turns of the event loop later, in order, hashed and chained', async () => {
    const sink = new CountingSink();
    const witness = new Witness([sink]);
    expect(witness.batchable).toBe(true);
    for (let i = 0; i < 3; i++) witness.appendSoon(build(i), undefined);
    expect(sink.writes).toBe(0);
    await turn();
    expect(sink.writes).toBe(0);
    await turn();
    expect(sink.writes).toBe(3);
    expect(sink.entries().map((e) => e.commandId)).toEqual(['c0', 'c1', 'c2']);
    expect(await witness.verify()).toEqual({ ok: true, checked: 3 });
  });

  it('writes the batch before anything reads the log, directly from the sink or through the witness', async () => {
    const sink = new CountingSink();
    const witness = new Witness([sink]);
    witness.appendSoon(build(1), undefined);
    expect(sink.entries().map((e) => e.commandId)).toEqual(['c1']);
    witness.appendSoon(build(2), undefined);
    expect(sink.last()?.commandId).toBe('c2');
    witness.appendSoon(build(3), undefined);
    expect((await witness.entries()).map((e) => e.seq)).toEqual([1, 2, 3]);
    witness.appendSoon(build(4), undefined);
    expect(await witness.verify()).toEqual({ ok: true, checked: 4 });
  });

  it('keeps batched and immediate appends in the order they were made', async () => {
    const sink = new MemoryAuditSink();
    const witness = new Witness([sink]);
    witness.appendSoon(build(1), undefined);
    witness.appendSoon(build(2), undefined);
    await witness.append(record(3));
    witness.appendSoon(build(4), undefined);
    await witness.close();
    expect(sink.entries().map((e) => e.commandId)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(verifyChain(sink.entries())).toEqual({ ok: true, checked: 4 });
  });

  it('writes at the latest every 128 records even when the event loop never turns', () => {
    const sink = new CountingSink();
    const witness = new Witness([sink]);
    for (let i = 0; i < 300; i++) witness.appendSoon(build(i), undefined);
    expect(sink.writes).toBe(256);
  });

  it('appends at once when a sink is not volatile (a file survives a crash, so it is never held back)', async () => {
    const file = tempFile();
    const witness = new Witness([new MemoryAuditSink(), new JsonlAuditSink(file)]);
    expect(witness.batchable).toBe(false);
    witness.appendSoon(build(1), undefined);
    await witness.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('reports a failed write of an unbatched appendSoon to onError instead of leaving a rejection', async () => {
    const errors: unknown[] = [];
    const failing = {
      write: () => Promise.reject(new Error('redis down')),
      entries: () => [],
    };
    const witness = new Witness([failing], { onError: (e) => errors.push(e) });
    expect(witness.batchable).toBe(false);
    witness.appendSoon(build(1), undefined);
    await witness.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors.map((e) => (e as Error).message)).toEqual([expect.stringContaining('redis down')]);
  });

  it('survives an onError handler that throws', () => {
    const sink = new MemoryAuditSink();
    sink.write = () => {
      throw new Error('disk full');
    };
    const witness = new Witness([sink], {
      onError: () => {
        throw new Error('handler bug');
      },
    });
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      witness.appendSoon(build(1), undefined);
      expect(() => witness.flush()).not.toThrow();
    } finally {
      console.error = original;
    }
    expect(String(logged[0]?.[0])).toContain('onError threw');
  });

  it('reports a failed batched write to onError and goes on with the next entries', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const flaky = new MemoryAuditSink();
    const original = flaky.write.bind(flaky);
    flaky.write = (entry) => {
      calls += 1;
      if (calls === 1) throw new Error('disk full');
      original(entry);
    };
    const witness = new Witness([flaky], { onError: (e) => errors.push(e) });
    witness.appendSoon(build(1), undefined);
    witness.appendSoon(build(2), undefined);
    witness.appendSoon(() => {
      throw new Error('cannot digest');
    }, undefined);
    witness.flush();
    expect(errors.map((e) => (e as Error).message)).toEqual([
      expect.stringContaining('Audit entry 1 (slack.sendMessage) was not written by every sink: disk full'),
      expect.stringContaining('cannot digest'),
    ]);
    expect(flaky.entries().map((e) => e.commandId)).toEqual(['c2']);
  });
});
