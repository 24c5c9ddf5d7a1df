import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CONFIG_HOME/infrafabric` (default `~/.config/infrafabric`): where connections live. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(base, 'infrafabric');
}

/** `$XDG_STATE_HOME/infrafabric` (default `~/.local/state/infrafabric`): the audit log's home. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || join(homedir(), '.local', 'state');
  return join(base, 'infrafabric');
}

/** The connections file. */
export function connectionsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'connections.json');
}

/** The default JSON Lines audit file every operation appends to (`--audit-file` overrides it). */
export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.INFRAFABRIC_AUDIT_FILE?.trim() || join(stateDir(env), 'audit.jsonl');
}
