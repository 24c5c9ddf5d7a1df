import { randomUUID } from 'node:crypto';
import { type AuditEntry, type AuditSink, type VerifyResult, verifyChain } from '@infrafabric/core';
import type { RedisLike } from './load';

/**
 * Writes every audit entry of one worker to a Redis Stream shared by the fleet. Each worker keeps
 * its own hash chain (`chain` field = a fresh id per worker start), so concurrent workers never race
 * on one chain; {@link verifyRedisAudit} verifies every chain. The write completes before the
 * operation's result is returned, so a worker that dies loses nothing it reported.
 */
export class RedisStreamAuditSink implements AuditSink {
  /** This worker's chain id. */
  readonly chain: string;

  constructor(
    private readonly redis: RedisLike,
    private readonly streamKey = 'infrafabric:audit',
    chain: string = randomUUID(),
  ) {
    this.chain = chain;
  }

  async write(entry: AuditEntry): Promise<void> {
    await this.redis.xadd(this.streamKey, '*', 'chain', this.chain, 'entry', JSON.stringify(entry));
  }
}

/** Reads the fleet's audit stream, grouped by worker chain. */
export async function readRedisAudit(
  redis: RedisLike,
  streamKey = 'infrafabric:audit',
): Promise<Map<string, AuditEntry[]>> {
  const chains = new Map<string, AuditEntry[]>();
  let start = '-';
  for (;;) {
    const batch = await redis.xrange(streamKey, start, '+', 'COUNT', 1000);
    for (const [, fields] of batch) {
      const record: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
      const list = chains.get(record.chain ?? '') ?? [];
      list.push(JSON.parse(record.entry ?? '{}') as AuditEntry);
      chains.set(record.chain ?? '', list);
    }
    if (batch.length < 1000) break;
    start = `(${batch.at(-1)![0]}`;
  }
  return chains;
}

/** Verifies every worker chain in the stream; the result names the first bad chain and entry. */
export async function verifyRedisAudit(
  redis: RedisLike,
  streamKey = 'infrafabric:audit',
): Promise<VerifyResult & { chains: number; entries: number; badChain?: string }> {
  const chains = await readRedisAudit(redis, streamKey);
  let entries = 0;
  for (const [chain, list] of chains) {
    entries += list.length;
    const result = verifyChain(list);
    if (!result.ok) return { ...result, chains: chains.size, entries, badChain: chain };
  }
  return { ok: true, checked: entries, chains: chains.size, entries };
}
