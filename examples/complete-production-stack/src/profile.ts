/** Loads profile.yaml, with the environment's targets for the providers that run for real. */
import { readFileSync } from 'node:fs';
import { interpolate, type Profile, parseProfile } from '@infrafabric/core';
import { type Env, type ProviderMode, realTargetVars } from './providers';

/** The demo's profile, parsed and validated by core's `parseProfile`. */
export async function loadProfile(modes: readonly ProviderMode[], env: Env): Promise<Profile> {
  const parsed = await parseProfile(readFileSync(new URL('./profile.yaml', import.meta.url), 'utf8'));
  const vars = { ...parsed.vars, ...realTargetVars(modes, env) };
  // The runner interpolates inputs and messages; broadcast targets are resolved here, once.
  const steps = parsed.steps.map((step) => {
    if (!('broadcast' in step)) return step;
    const targets = interpolate(step.broadcast.targets, {
      outputs: {},
      vars,
    }) as typeof step.broadcast.targets;
    return { ...step, broadcast: { ...step.broadcast, targets } };
  });
  return { ...parsed, vars, steps };
}
