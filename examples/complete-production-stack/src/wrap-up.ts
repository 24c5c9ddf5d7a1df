/**
 * After the show: stop the stream, hang up the conference and destroy the GPU server, through the
 * Bus (so the audit log has them too). Against real providers this is what keeps the demo from
 * leaving a GPU instance running; the charges stay, they were the point.
 */
import type { AdapterKind, Bus, Call, ProfileRunResult, Server } from '@infrafabric/core';
import { formatDuration } from './format';

interface WrapUpStep {
  label: string;
  kind: AdapterKind;
  provider: string;
  operation: string;
  input: unknown;
}

function stepsFor(run: ProfileRunResult, conferenceProvider: string | undefined): WrapUpStep[] {
  const steps: WrapUpStep[] = [
    { label: 'stop stream', kind: 'production', provider: 'obs', operation: 'stopStream', input: {} },
  ];
  const call = run.outputs.conference as Call | undefined;
  if (call && conferenceProvider) {
    steps.push({
      label: 'hang up conference',
      kind: 'sip',
      provider: conferenceProvider,
      operation: 'hangUpCall',
      input: { id: call.id },
    });
  }
  const server = run.outputs['gpu-server'] as Server | undefined;
  if (server) {
    steps.push({
      label: 'destroy GPU server',
      kind: 'cloud',
      provider: 'aws',
      operation: 'destroyServer',
      input: { id: server.id },
    });
  }
  return steps;
}

/** Runs the wrap-up and returns one printed line per action. */
export async function wrapUp(bus: Bus, run: ProfileRunResult): Promise<string[]> {
  const conference = run.events.find((e) => e.step === 'conference' && e.status === 'succeeded');
  const provider = conference && 'provider' in conference ? conference.provider : undefined;
  const lines: string[] = [];
  for (const step of stepsFor(run, provider)) {
    const outcome = await bus.dispatchSettled({
      kind: step.kind,
      provider: step.provider,
      operation: step.operation,
      input: step.input,
    });
    lines.push(
      outcome.ok
        ? `  ✓ ${step.label.padEnd(20)} [${step.provider}]  ${formatDuration(outcome.latencyMs)}`
        : `  ✗ ${step.label.padEnd(20)} [${step.provider}]  ${outcome.error.code}: ${outcome.error.message}`,
    );
  }
  return lines;
}
