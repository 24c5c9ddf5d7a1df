import type { DedupStore } from '@infrafabric/core';
import type { RedisLike } from './load';

/** Inbound-event dedup on Redis: `SET key 1 NX PX ttl` is atomic across every process of the fleet. */
export class RedisDedupStore implements DedupStore {
  constructor(
    private readonly redis: RedisLike,
    private readonly prefix = 'infrafabric:seen:',
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (
      (await this.redis.set(`${this.prefix}${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK'
    );
  }

  async release(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}${key}`);
  }
}
