import { type Command, Option } from 'commander';
import { action } from '../action';
import { defaultAuditPath } from '../config/paths';
import { UsageError } from '../exit-codes';
import { emit, globalOptions, printTable, say } from '../output';
import { examples } from '../parse';
import { loadCore } from '../providers';

/**
 * `infrafabric costs report`: each CLI run is a short process, so the report is rebuilt from the
 * audit file (every entry carries its estimated and actual cost) through core's CostLedger.
 */
export function registerCostsCommands(program: Command): void {
  const costs = program.command('costs').description('what operations cost, from the audit log');
  costs
    .command('report')
    .description('totals per provider, kind, operation or day')
    .addHelpText('after', examples('infrafabric costs report --by day --since 2026-11-01'))
    .addOption(
      new Option('--by <key>', 'group by')
        .choices(['provider', 'kind', 'operation', 'day'])
        .default('provider'),
    )
    .option('--since <date>', 'only entries at or after this ISO date/time')
    .action(
      action(
        async (
          options: { by: 'provider' | 'kind' | 'operation' | 'day'; since?: string },
          command: Command,
        ) => {
          const global = globalOptions(command);
          const since = options.since === undefined ? undefined : Date.parse(options.since);
          if (since !== undefined && Number.isNaN(since))
            throw new UsageError(`--since "${options.since}" is not a date.`, 'Example: --since 2026-11-01');
          const path = global.auditFile ?? defaultAuditPath();
          const core = await loadCore();
          const ledger = new core.CostLedger();
          for (const e of core.readAuditFile(path).entries) {
            // As the Bus's own ledger: only operations that succeeded count as spending.
            if (e.outcome !== 'ok') continue;
            ledger.record({
              time: Date.parse(e.time),
              kind: e.kind,
              provider: e.provider,
              operation: e.operation,
              estimated: e.estimatedCost,
              actual: e.cost,
            });
          }
          const rows = ledger.report({ by: options.by, since });
          await emit(global, rows, async () => {
            if (rows.length === 0) {
              say(`No costed operations in ${path}.`);
              return;
            }
            await printTable(
              [options.by, 'operations', 'total'],
              rows.map((r) => [
                r.key,
                r.operations,
                `${core.formatMinorUnits(r.total)} ${r.currency}${r.estimated ? ` (${r.estimated} estimated)` : ''}`,
              ]),
            );
          });
          return undefined;
        },
      ),
    );
}
