import { Command, CommanderError, Option } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerBusCommands } from './commands/bus';
import { registerChatCommands } from './commands/chat';
import { registerCloudCommands } from './commands/cloud';
import { registerCompletionCommand } from './commands/completion';
import { registerConnectionCommands } from './commands/connections';
import { registerCostsCommands } from './commands/costs';
import { registerPaymentCommands } from './commands/payment';
import { registerProvidersCommand } from './commands/providers';
import { registerSipCommands } from './commands/sip';
import { registerStudioCommands } from './commands/studio';
import { reportError } from './errors';
import { type ActionResult, action, lastExitCode, resetExitCode } from './action';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import { globalOptions } from './output';
import { CLI_VERSION } from './version';

export { action, type ActionResult };

/** Builds the whole command tree. Nothing here loads core or a provider package. */
export function createProgram(): Command {
  const program = new Command('infrafabric')
    .description('One command line over every installed InfraFabric provider (alias: ifab).')
    .version(CLI_VERSION, '-V, --version')
    .addOption(new Option('--json', 'machine-readable JSON on stdout'))
    .addOption(new Option('--debug', 'print stack traces of unexpected errors'))
    .addOption(
      new Option('--audit-file <path>', 'JSON Lines audit file operations append to').env(
        'INFRAFABRIC_AUDIT_FILE',
      ),
    )
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 operation failed, 2 usage error, 3 partial success.
Connections live in $XDG_CONFIG_HOME/infrafabric/connections.json (mode 0600).

Examples:
  $ infrafabric providers --kind chat
  $ infrafabric connections add slack --name ops --cred token=env:SLACK_BOT_TOKEN
  $ infrafabric chat send ops --to C0123 --message "Deploy finished"
  $ infrafabric payment charge shop --amount 19.99 --currency GBP --method pm_card_visa --dry-run
  $ infrafabric completion bash > ~/.local/share/bash-completion/completions/infrafabric`,
    );
  // Commander prints its own usage errors; exitOverride (set on every command below) lets main()
  // turn them into exit code 2 instead of commander's default 1.
  program.configureOutput({ outputError: (text, write) => write(text) });

  registerProvidersCommand(program);
  registerConnectionCommands(program);
  registerChatCommands(program);
  registerCloudCommands(program);
  registerSipCommands(program);
  registerPaymentCommands(program);
  registerStudioCommands(program);
  registerBusCommands(program);
  registerAuditCommands(program);
  registerCostsCommands(program);
  registerCompletionCommand(program);
  applyToTree(program, (command) => command.exitOverride());
  return program;
}

function applyToTree(command: Command, apply: (c: Command) => void): void {
  apply(command);
  for (const child of command.commands) applyToTree(child, apply);
}

const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * Runs the CLI on `argv` (as `process.argv`) and resolves with the exit code; never throws.
 */
export async function main(argv: readonly string[] = process.argv): Promise<ExitCodeValue> {
  const program = createProgram();
  resetExitCode();
  try {
    await program.parseAsync([...argv]);
    return lastExitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      return COMMANDER_OK.has(error.code) || error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    return reportError(error, globalOptions(program));
  }
}
