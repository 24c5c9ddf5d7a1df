import type { InfraFabricError } from '../errors/infrafabric-error';

/** The overall outcome of a fan-out. */
export type OverallStatus = 'success' | 'partial' | 'failure';

/** Summarizes per-target outcomes: all sent → success, none → failure, otherwise partial. Skips do not count. */
export function overallStatus(results: ReadonlyArray<{ status: string }>): OverallStatus {
  const counted = results.filter((r) => r.status !== 'skipped');
  const ok = counted.filter((r) => r.status === 'sent').length;
  if (counted.length === 0) return 'failure';
  if (ok === counted.length) return 'success';
  return ok === 0 ? 'failure' : 'partial';
}

/** Error classes that mean a target timed out, for reporting. */
export function isTimeout(error: InfraFabricError): boolean {
  return error.code === 'timeout';
}
