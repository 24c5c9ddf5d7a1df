import { Argument, type Command } from 'commander';
import { action } from '../action';
import { completionScript, SHELLS, type Shell } from '../completion/generate';

/** `infrafabric completion bash|zsh|fish`: prints a completion script. */
export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (for infrafabric and ifab)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      `
Install:
  bash: infrafabric completion bash > ~/.local/share/bash-completion/completions/infrafabric
  zsh:  infrafabric completion zsh > "\${fpath[1]}/_infrafabric"
  fish: infrafabric completion fish > ~/.config/fish/completions/infrafabric.fish`,
    )
    .action(
      action(async (shell: Shell) => {
        process.stdout.write(completionScript(program, shell));
        return undefined;
      }),
    );
}
