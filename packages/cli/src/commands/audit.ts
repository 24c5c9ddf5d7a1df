import type { AuditEntry } from '@infrafabric/core';
import type { Command } from 'commander';
import { action } from '../action';
import { defaultAuditPath } from '../config/paths';
import { ExitCode } from '../exit-codes';
import { colors, emit, globalOptions, printTable, say } from '../output';
import { loadCore } from '../providers';
import { examples, wholeNumberFlag } from '../parse';

function auditPath(command: Command): string {
  return globalOptions(command).auditFile ?? defaultAuditPath();
}

function entryRow(e: AuditEntry): Array<string | number> {
  return [
    e.seq,
    e.time,
    `${e.kind}.${e.operation}`,
    e.provider,
    e.outcome === 'ok'
      ? colors.green('ok')
      : colors.red(`${e.errorCode ?? 'error'}${e.providerCode ? `/${e.providerCode}` : ''}`),
    e.attempts,
    e.latencyMs,
  ];
}

/** `infrafabric audit verify|tail` over the JSON Lines audit file. */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description(
      'the hash-chained audit log every operation writes (--audit-file, default $XDG_STATE_HOME/infrafabric/audit.jsonl)',
    );

  audit
    .command('verify')
    .description('check that no entry was altered, inserted, removed or reordered')
    .addHelpText(
      'after',
      examples(
        'infrafabric audit verify',
        'infrafabric --audit-file /var/log/infrafabric/audit.jsonl audit verify --partial',
      ),
    )
    .option('--partial', 'the file may start mid-chain (rotated logs)')
    .action(
      action(async (options: { partial?: boolean }, command: Command) => {
        const global = globalOptions(command);
        const path = auditPath(command);
        const core = await loadCore();
        const contents = core.readAuditFile(path);
        const result = core.verifyChain(contents.entries, { allowPartialStart: options.partial });
        const ok = result.ok && contents.corrupt.length === 0;
        await emit(
          global,
          {
            path,
            ...result,
            ok,
            entries: contents.entries.length,
            torn: contents.torn,
            corrupt: contents.corrupt,
          },
          () => {
            if (ok) say(`${colors.green('✔')} ${path}: ${contents.entries.length} entries, chain intact`);
            else
              say(
                `${colors.red('✖')} ${path}: ${result.reason ?? `${contents.corrupt.length} unreadable line(s)`}`,
              );
            if (contents.torn)
              say(
                colors.yellow(
                  `last line ${contents.torn.line} is torn (a write cut short by a crash): ${contents.torn.reason}`,
                ),
              );
          },
        );
        return ok ? ExitCode.Ok : ExitCode.Failed;
      }),
    );

  audit
    .command('tail')
    .description('show the last entries')
    .addHelpText('after', examples('infrafabric audit tail -n 50'))
    .option('-n, --lines <n>', 'how many entries', wholeNumberFlag('--lines'), 20)
    .action(
      action(async (options: { lines: number }, command: Command) => {
        const global = globalOptions(command);
        const path = auditPath(command);
        const core = await loadCore();
        const entries = core.readAuditFile(path).entries.slice(-options.lines);
        await emit(global, entries, async () => {
          if (entries.length === 0) say(`No audit entries in ${path} yet.`);
          else
            await printTable(
              ['seq', 'time', 'operation', 'connection', 'outcome', 'attempts', 'ms'],
              entries.map(entryRow),
            );
        });
        return undefined;
      }),
    );
}
