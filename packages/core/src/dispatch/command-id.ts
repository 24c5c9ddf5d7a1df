import { randomUUID } from 'node:crypto';

/** Ids made ahead of time; refilled when fewer than {@link LOW_WATER} are left. */
const POOL_SIZE = 64;
const LOW_WATER = 16;

const ready: string[] = [];
let refilling = false;

function refill(): void {
  refilling = false;
  while (ready.length < POOL_SIZE) ready.push(randomUUID());
}

/** Two turns of the event loop later: after I/O started by the current call has been sent. */
function refillSoon(): void {
  if (refilling) return;
  refilling = true;
  setImmediate(() => setImmediate(refill).unref()).unref();
}

/**
 * A new command id: a random (version 4) UUID. Ids are made in batches of 64 between calls, in
 * time the process spends waiting for I/O: right after network I/O one `randomUUID()` costs about
 * a microsecond on the caller's path, taking a ready one a tenth of that. (Node's `randomUUID`
 * itself keeps random bytes for 128 ids ahead in the same way. Like Node's cache, ready ids would
 * repeat in every process restored from one memory snapshot of a running process.)
 */
export function newCommandId(): string {
  const id = ready.pop();
  if (ready.length < LOW_WATER) refillSoon();
  return id ?? randomUUID();
}
