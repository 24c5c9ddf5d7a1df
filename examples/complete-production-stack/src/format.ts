/**
 * How the demo prints: one line per step as it starts and finishes, then the summaries. Plain
 * text with ✓/✗ marks, readable without colour and stable enough to test.
 */
import {
  type AuditEntry,
  type BroadcastResult,
  type CostReportRow,
  type EntityState,
  formatMinorUnits,
  interpolate,
  type Payment,
  type PlanStep,
  type ProfileStep,
  type Server,
  type StepEvent,
} from '@infrafabric/core';

const STEP_WIDTH = 14;

/** Operations providers bill for; the others are free, so a missing price there says nothing. */
const BILLABLE = new Set(['createServer', 'placeCall', 'sendSms', 'buyNumber', 'createPayment']);

/** `1234` → `1.2 s`; under a second in ms. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What a step does, e.g. `cloud.createServer via aws` or `broadcast to slack, telegram`. */
export function describeStep(step: ProfileStep): string {
  if ('broadcast' in step) return `broadcast to ${step.broadcast.targets.map((t) => t.provider).join(', ')}`;
  return `${step.kind}.${step.operation} via ${step.provider ?? step.via?.join(' → ')}`;
}

/** One line summing up what a step produced. */
export function summarizeOutput(
  step: ProfileStep,
  output: unknown,
  vars: Record<string, unknown> = {},
): string {
  if ('broadcast' in step) {
    const result = output as BroadcastResult;
    return result.results.map((r) => `${r.target.provider} ${r.status === 'sent' ? '✓' : '✗'}`).join('  ');
  }
  const input = interpolate(step.input ?? {}, { outputs: {}, vars }, false) as Record<string, unknown>;
  switch (step.operation) {
    case 'createServer':
    case 'waitForServer': {
      const server = output as Server;
      const ip = server.addresses.public[0];
      return `${server.id} ${server.size} ${server.status}${ip ? ` at ${ip}` : ''}`;
    }
    case 'placeCall': {
      const call = output as { id: string; status: string };
      return `call ${call.id.slice(0, 12)}… ${call.status}`;
    }
    case 'setProgramScene':
      return `program scene "${String(input.scene)}"`;
    case 'startStream':
      return 'streaming';
    case 'callService': {
      const states = output as EntityState[];
      return states.map((s) => `${s.entityId} ${s.state}`).join(', ') || 'done';
    }
    case 'createPayment': {
      const payment = output as Payment;
      return `${payment.id} ${formatMinorUnits(payment.amount)} ${payment.amount.currency} ${payment.status}`;
    }
    default:
      return 'done';
  }
}

/** The line printed for one step event. */
export function formatStepEvent(
  event: StepEvent,
  step: ProfileStep,
  vars: Record<string, unknown> = {},
): string {
  const id = event.step.padEnd(STEP_WIDTH);
  switch (event.status) {
    case 'started':
      return `  … ${id} ${describeStep(step)}`;
    case 'succeeded': {
      const via = event.provider ? ` [${event.provider}]` : '';
      return `  ✓ ${id} ${summarizeOutput(step, event.output, vars)}${via}  ${formatDuration(event.durationMs)}`;
    }
    case 'failed':
      return `  ✗ ${id} ${event.error.code}: ${event.error.message}  ${formatDuration(event.durationMs)}`;
    case 'skipped':
      return `  - ${id} skipped: ${event.reason}`;
    case 'compensated':
      return `  ↺ ${id} compensated`;
    case 'compensation_failed':
      return `  ✗ ${id} compensation failed: ${event.error?.message ?? 'unknown error'}`;
  }
}

/** An audit entry's error, e.g. `provider error 20503, 3 attempts`. */
export function describeFailure(entry: AuditEntry): string {
  const code = entry.providerCode ? ` ${entry.providerCode}` : '';
  return `${entry.errorCode} error${code}, ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`;
}

/** The indented line that explains a failover: what failed at which provider. */
export function formatFailover(failed: AuditEntry, movedTo: string): string {
  return `      ↳ ${failed.provider}: ${describeFailure(failed)} → failed over to ${movedTo}`;
}

/** The plan, wave by wave. */
export function formatPlan(plan: readonly PlanStep[]): string[] {
  const lines: string[] = [];
  let wave = 0;
  for (const step of plan) {
    if (step.wave !== wave) {
      wave = step.wave;
      lines.push(`  wave ${wave}`);
    }
    const cost = step.estimatedCost
      ? `  ~${formatMinorUnits(step.estimatedCost)} ${step.estimatedCost.currency}`
      : '';
    lines.push(`    ${step.id.padEnd(STEP_WIDTH)} ${step.what}${cost}`);
  }
  const totals = new Map<string, number>();
  for (const { estimatedCost: cost } of plan) {
    if (cost) totals.set(cost.currency, (totals.get(cost.currency) ?? 0) + cost.amount);
  }
  const total = [...totals].map(
    ([currency, amount]) => `${formatMinorUnits({ amount, currency })} ${currency}`,
  );
  const unpriced = plan
    .filter((p) => !p.estimatedCost && [...BILLABLE].some((op) => p.what.includes(`.${op} `)))
    .map((p) => p.id);
  lines.push(`  estimated total: ${total.join(' + ') || 'nothing priced'}`);
  if (unpriced.length) lines.push(`  billable but without an estimate: ${unpriced.join(', ')}`);
  return lines;
}

/** Successful billable operations no cost model priced, e.g. `aws.createServer, vonage.placeCall`. */
export function unpricedOperations(entries: readonly AuditEntry[]): string {
  const keys = entries
    .filter((e) => e.outcome === 'ok' && BILLABLE.has(e.operation) && !e.cost && !e.estimatedCost)
    .map((e) => `${e.provider}.${e.operation}`);
  return [...new Set(keys)].join(', ');
}

/** Audit entries counted per provider, e.g. `aws 3 · stripe 2`. */
export function countByProvider(entries: readonly AuditEntry[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.provider, (counts.get(entry.provider) ?? 0) + 1);
  return [...counts].map(([provider, count]) => `${provider} ${count}`).join(' · ');
}

/** One cost report row. */
export function formatCostRow(row: CostReportRow): string {
  const basis = row.estimated === row.operations ? 'estimated' : row.estimated === 0 ? 'actual' : 'mixed';
  return `  ${row.key.padEnd(28)} ${formatMinorUnits(row.total).padStart(9)} ${row.currency}  ${row.operations} op(s), ${basis}`;
}
