/** The summaries printed after the run: audit log, costs, failover. */
import type { AuditEntry, Bus, CostReportRow, VerifyResult } from '@infrafabric/core';
import type { Fault } from './faults';
import { countByProvider, describeFailure, formatCostRow, unpricedOperations } from './format';

/** A step that moved from a failing provider to the next one. */
export interface Failover {
  step: string;
  failed: AuditEntry;
  provider: string;
}

/** Verifies the audit chain and prints its summary, naming every failed operation. */
export async function printAudit(
  bus: Bus,
  auditFile: string,
  log: (line: string) => void,
): Promise<{ audit: VerifyResult; entries: AuditEntry[] }> {
  const audit = await bus.audit.verify();
  const entries = await bus.audit.entries();
  const chain = audit.ok ? 'verified ✓' : `BROKEN at #${audit.firstBadSeq}: ${audit.reason}`;
  log(`Audit log  ${auditFile}`);
  log(`  ${entries.length} entries · hash chain ${chain}`);
  log(`  by provider: ${countByProvider(entries)}`);
  for (const e of entries.filter((entry) => entry.outcome === 'error')) {
    log(`  ✗ #${e.seq} ${e.provider} ${e.kind}.${e.operation}: ${describeFailure(e)}`);
  }
  return { audit, entries };
}

/** Prints the cost report by operation, and the billable operations nothing priced. */
export function printCosts(
  bus: Bus,
  entries: readonly AuditEntry[],
  log: (line: string) => void,
): CostReportRow[] {
  const costs = bus.costs.report({ by: 'operation' });
  log('Costs (by operation)');
  if (costs.length === 0) log('  (no operation reported a cost)');
  for (const row of costs) log(formatCostRow(row));
  const unpriced = unpricedOperations(entries);
  if (unpriced) log(`  billable, but no cost model priced it: ${unpriced}`);
  return costs;
}

/** Prints the injected failures and how failover handled them. */
export function printFailover(
  bus: Bus,
  faults: readonly Fault[],
  failovers: readonly Failover[],
  why: string,
  log: (line: string) => void,
): void {
  log('Failover');
  if (faults.length === 0) log(`  no failure injected (${why})`);
  for (const fault of faults) log(`  injected: ${fault.description} (answered ${fault.hits()} request(s))`);
  for (const { step, failed, provider } of failovers) {
    log(
      `  ${step}: ${failed.provider} failed (${describeFailure(failed)}) → completed on ${provider}; no step failed`,
    );
  }
  if (faults.length > 0 && failovers.length === 0) log('  the injected failure was NOT handled by failover');
  const involved = [...new Set(failovers.flatMap((f) => [f.failed.provider, f.provider]))];
  const health = involved.flatMap((provider) => bus.health(provider));
  if (health.length > 0) {
    const describe = (h: (typeof health)[number]) =>
      `${h.provider} circuit ${h.circuit}, ${h.successes} ok / ${h.failures} failed`;
    log(`  health: ${health.map(describe).join(' · ')}`);
  }
}
