/**
 * `pnpm demo`: the complete production stack from one declarative profile (profile.yaml) run by
 * the Bus. Provision a GPU server and wait until it runs, open a SIP conference, switch OBS to the
 * live scene and start streaming, turn on the studio lights, tell the team on Slack, Telegram and
 * WhatsApp, charge the subscribers, and log all of it; then the audit summary (hash chain
 * verified), the cost report and the failover that handled the injected Twilio outage.
 *
 * With no credentials every provider is a local simulator served over real loopback HTTP and
 * WebSocket servers. A provider whose environment variables are all set is used for real.
 *
 * `pnpm demo -- --plan` prints what would run, wave by wave, with estimated costs, calling nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AuditEntry,
  Bus,
  type CostReportRow,
  JsonlAuditSink,
  type PlanStep,
  type Profile,
  type ProfileRunResult,
  type StepEvent,
  type VerifyResult,
} from '@infrafabric/core';
import { type Fault, twilioCallsOutage } from './faults';
import { formatDuration, formatFailover, formatPlan, formatStepEvent } from './format';
import { loadProfile } from './profile';
import { createAdapters, type Env, type ProviderMode, providerModes } from './providers';
import { type SimulatorSnapshot, startSimulators, UNUSED_ENDPOINTS } from './simulators';
import { type Failover, printAudit, printCosts, printFailover } from './summaries';
import { wrapUp } from './wrap-up';

export type { Failover } from './summaries';

/** Options of {@link main}. */
export interface DemoOptions {
  /** Print the plan and estimated costs only; nothing is called. */
  plan?: boolean;
  /** Leave the server, the call and the stream running (no wrap-up). */
  keep?: boolean;
  /** Inject the Twilio outage when Twilio is simulated. Default true. */
  injectFailure?: boolean;
  /** Environment to read credentials from. Default `process.env`. */
  env?: Env;
  /** Receives every printed line. Default `console.log`. */
  log?: (line: string) => void;
  /** Directory for `audit.jsonl`. Default: a new temporary directory. */
  auditDir?: string;
}

/** What the demo did: for its test and for anyone embedding it. */
export interface DemoResult {
  modes: ProviderMode[];
  profile: Profile;
  plan: PlanStep[];
  run?: ProfileRunResult;
  failovers: Failover[];
  injectedFailureHits: number;
  audit?: VerifyResult;
  auditFile?: string;
  auditEntries: AuditEntry[];
  costs: CostReportRow[];
  /** The simulators' state right after the profile ran (before the wrap-up). */
  observed?: SimulatorSnapshot;
}

function printHeader(profile: Profile, modes: readonly ProviderMode[], log: (line: string) => void): void {
  const title = `InfraFabric · ${profile.name}`;
  log(title);
  log('═'.repeat(title.length));
  log(profile.description ?? '');
  log('');
  log('Providers');
  for (const mode of modes) {
    const why = mode.note ?? (mode.missing.length ? `set ${mode.missing.join(', ')} for the real one` : '');
    log(`  ${mode.name.padEnd(15)} ${mode.mode === 'real' ? 'REAL     ' : 'simulator'}  ${why}`);
  }
  log('');
}

/**
 * Prints each step event as it arrives and, when a `via` chain ended on a later provider, what
 * failed before it (from the Bus's `end` events, which carry each operation's audit entry).
 */
function progressPrinter(bus: Bus, profile: Profile, log: (line: string) => void) {
  const stepsById = new Map(profile.steps.map((step) => [step.id, step]));
  const failed: AuditEntry[] = [];
  const failovers: Failover[] = [];
  bus.on('end', ({ entry }) => {
    if (entry.outcome === 'error') failed.push(entry);
  });
  const onEvent = (event: StepEvent) => {
    const step = stepsById.get(event.step)!;
    log(formatStepEvent(event, step, profile.vars));
    if (event.status !== 'succeeded' || 'broadcast' in step || !step.via || !event.provider) return;
    for (const entry of failed) {
      if (entry.operation !== step.operation || !step.via.includes(entry.provider)) continue;
      if (entry.provider === event.provider || failovers.some((f) => f.failed === entry)) continue;
      failovers.push({ step: step.id, failed: entry, provider: event.provider });
      log(formatFailover(entry, event.provider));
    }
  };
  return { onEvent, failovers };
}

/** Runs the demo; resolves with what happened (it never calls `process.exit`). */
export async function main(options: DemoOptions = {}): Promise<DemoResult> {
  const log = options.log ?? console.log;
  const env = options.env ?? process.env;
  const modes = providerModes(env);
  const profile = await loadProfile(modes, env);
  printHeader(profile, modes, log);

  if (options.plan) {
    const bus = new Bus({ adapters: createAdapters(modes, env, UNUSED_ENDPOINTS) });
    const plan = bus.plan(profile);
    log('Plan (nothing is called)');
    for (const line of formatPlan(plan)) log(line);
    await bus.close();
    return { modes, profile, plan, failovers: [], injectedFailureHits: 0, auditEntries: [], costs: [] };
  }

  const twilioSimulated = modes.some((m) => m.name === 'twilio' && m.mode === 'simulator');
  const inject = options.injectFailure !== false && twilioSimulated;
  const faults: Fault[] = inject ? [twilioCallsOutage()] : [];
  const sims = await startSimulators({ faults });
  let bus: Bus | undefined;
  try {
    const auditDir = options.auditDir ?? mkdtempSync(join(tmpdir(), 'infrafabric-demo-'));
    const auditFile = join(auditDir, 'audit.jsonl');
    bus = new Bus({
      adapters: createAdapters(modes, env, sims.endpoints),
      auditSinks: [new JsonlAuditSink(auditFile)],
      // Short retry backoff so the injected outage costs well under a second before failover.
      policies: { retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 } },
    });
    const plan = bus.plan(profile);
    const progress = progressPrinter(bus, profile, log);
    for (const fault of faults) log(`Injected failure: ${fault.description}`);
    const waves = new Set(plan.map((p) => p.wave)).size;
    log(`Running "${profile.name}": ${profile.steps.length} steps in ${waves} waves`);
    const started = performance.now();
    const run = await bus.orchestrate(profile, { onEvent: progress.onEvent });
    const took = formatDuration(performance.now() - started);
    log('  (the first call to each provider includes loading its SDK, which happens on first use)');
    log('');
    log(
      run.ok
        ? `Profile finished in ${took}: every step succeeded.`
        : `Profile FAILED after ${took}: ${run.error?.message}`,
    );
    const observed = sims.snapshot();

    if (run.ok && !options.keep) {
      log('');
      log('Wrap-up (so nothing is left running; --keep skips it)');
      for (const line of await wrapUp(bus, run)) log(line);
    }
    log('');
    const { audit, entries } = await printAudit(bus, auditFile, log);
    log('');
    const costs = printCosts(bus, entries, log);
    log('');
    printFailover(bus, faults, progress.failovers, twilioSimulated ? 'disabled' : 'Twilio is real', log);
    log('');
    const injectedFailureHits = faults.reduce((sum, fault) => sum + fault.hits(), 0);
    return {
      modes,
      profile,
      plan,
      run,
      failovers: progress.failovers,
      injectedFailureHits,
      audit,
      auditFile,
      auditEntries: entries,
      costs,
      observed,
    };
  } finally {
    await bus?.close();
    await sims.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main({ plan: process.argv.includes('--plan'), keep: process.argv.includes('--keep') })
    .then((result) => {
      if (result.run && (!result.run.ok || !result.audit?.ok)) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
