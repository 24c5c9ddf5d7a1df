import type { Command } from 'commander';

/** Shells `completion` can generate a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
/** One of {@link SHELLS}. */
export type Shell = (typeof SHELLS)[number];

/** Binary names the scripts register for. */
const BINARIES = ['infrafabric', 'ifab'];

interface Node {
  /** Space-joined sub-command path, '' for the root. */
  path: string;
  words: string[];
  /** Values an option of this command accepts (`--kind` → chat, cloud...). */
  optionChoices: Array<{ flag: string; choices: string[] }>;
}

const flagsOf = (o: Command['options'][number]) => [o.long, o.short].filter((f): f is string => Boolean(f));

/**
 * Walks the command tree: for each command path, the words that may follow it (sub-commands,
 * its own options, the root's global options, argument choices) and the choices of its options.
 */
function collect(command: Command, path: string[] = [], out: Node[] = [], globals: string[] = []): Node[] {
  const children = command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  // The root's options (--json, --debug, --audit-file) are accepted after any sub-command too.
  const global =
    path.length === 0
      ? command.options.flatMap(flagsOf).filter((f) => f !== '--version' && f !== '-V')
      : globals;
  const words = [
    ...children.flatMap((c) => [c.name(), ...c.aliases()]),
    ...command.options.flatMap(flagsOf),
    ...(command.registeredArguments ?? []).flatMap((a) => a.argChoices ?? []),
    ...global,
    '--help',
  ];
  const optionChoices = command.options.flatMap((o) =>
    o.argChoices ? flagsOf(o).map((flag) => ({ flag, choices: o.argChoices as string[] })) : [],
  );
  out.push({ path: path.join(' '), words: [...new Set(words)], optionChoices });
  for (const child of children) {
    for (const name of [child.name(), ...child.aliases()]) collect(child, [...path, name], out, global);
  }
  return out;
}

/** `path flag` → choices, for every option that has choices. */
function choiceEntries(nodes: Node[]): Array<{ key: string; path: string; flag: string; choices: string }> {
  return nodes.flatMap((n) =>
    n.optionChoices.map((c) => ({
      key: `${n.path}${n.path ? ' ' : ''}${c.flag}`,
      path: n.path,
      flag: c.flag,
      choices: c.choices.join(' '),
    })),
  );
}

function bash(nodes: Node[]): string {
  const cases = nodes.map((n) => `    "${n.path}") words="${n.words.join(' ')}" ;;`).join('\n');
  return `# bash completion for infrafabric / ifab (generated from the command tree)
_infrafabric() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    if _infrafabric_known "\${cmdpath:+$cmdpath }$word"; then cmdpath="\${cmdpath:+$cmdpath }$word"; fi
  done
  local words=""
  case "\${cmdpath:+$cmdpath }\${COMP_WORDS[COMP_CWORD-1]}" in
${choiceEntries(nodes)
  .map((c) => `    "${c.key}") COMPREPLY=( $(compgen -W "${c.choices}" -- "$cur") ); return ;;`)
  .join('\n')}
  esac
  case "$cmdpath" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
_infrafabric_known() {
  case "$1" in
${nodes.map((n) => `    "${n.path}") return 0 ;;`).join('\n')}
  esac
  return 1
}
complete -o default -F _infrafabric ${BINARIES.join(' ')}
`;
}

function zsh(nodes: Node[]): string {
  // Keys start with "@" so the root has a non-empty key (zsh rejects an empty subscript).
  const key = (path: string) => (path ? `@ ${path}` : '@');
  return `#compdef ${BINARIES.join(' ')}
# zsh completion for infrafabric / ifab (generated from the command tree)
typeset -gA _infrafabric_words
_infrafabric_words=(
${nodes.map((n) => `  ${JSON.stringify(key(n.path))} ${JSON.stringify(n.words.join(' '))}`).join('\n')}
)
typeset -gA _infrafabric_choices
_infrafabric_choices=(
${choiceEntries(nodes)
  .map((c) => `  ${JSON.stringify(`${key(c.path)} ${c.flag}`)} ${JSON.stringify(c.choices)}`)
  .join('\n')}
)
_infrafabric() {
  local cmdpath="@" word i
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    if (( \${+_infrafabric_words[$cmdpath $word]} )); then cmdpath="$cmdpath $word"; fi
  done
  local -a candidates
  local choicekey="$cmdpath \${words[CURRENT-1]}"
  if (( \${+_infrafabric_choices[$choicekey]} )); then
    candidates=(\${=_infrafabric_choices[$choicekey]})
  else
    candidates=(\${=_infrafabric_words[$cmdpath]})
  fi
  compadd -- $candidates
}
compdef _infrafabric ${BINARIES.join(' ')}
`;
}

function fish(nodes: Node[]): string {
  const lines = nodes.flatMap((n) =>
    BINARIES.map(
      (bin) =>
        `complete -c ${bin} -f -n '__infrafabric_path_is ${JSON.stringify(n.path)}' -a ${JSON.stringify(n.words.join(' '))}`,
    ),
  );
  const choiceLines = choiceEntries(nodes)
    .filter((c) => c.flag.startsWith('--'))
    .flatMap((c) =>
      BINARIES.map(
        (bin) =>
          `complete -c ${bin} -n '__infrafabric_path_is ${JSON.stringify(c.path)}' -l ${c.flag.slice(2)} -x -a ${JSON.stringify(c.choices)}`,
      ),
    );
  return `# fish completion for infrafabric / ifab (generated from the command tree)
function __infrafabric_path_is
  set -l known ${nodes.map((n) => JSON.stringify(n.path)).join(' ')}
  set -l path ''
  for word in (commandline -opc)[2..-1]
    string match -q -- '-*' $word; and continue
    set -l next (string trim -- "$path $word")
    contains -- $next $known; and set path $next
  end
  test "$path" = "$argv[1]"
end
${lines.join('\n')}
${choiceLines.join('\n')}
`;
}

/** A completion script for `shell`, generated from the CLI's own command definitions. */
export function completionScript(program: Command, shell: Shell): string {
  const nodes = collect(program);
  return shell === 'bash' ? bash(nodes) : shell === 'zsh' ? zsh(nodes) : fish(nodes);
}
