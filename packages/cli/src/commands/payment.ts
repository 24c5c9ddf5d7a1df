import type { Command } from 'commander';
import { action } from '../action';
import { UsageError } from '../exit-codes';
import { runOperation } from '../operation';
import { examples, wholeNumberFlag } from '../parse';
import { globalOptions } from '../output';
import { withSession } from '../session';
import { registerKindConnectionCommands } from './connections';

interface ChargeOptions {
  amount: string;
  currency: string;
  customer?: string;
  method?: string;
  description?: string;
  reference?: string;
  authorizeOnly?: boolean;
  dryRun?: boolean;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function checkDecimal(value: string, flag: string): string {
  if (!DECIMAL.test(value))
    throw new UsageError(`${flag} must be a decimal amount such as 19.99, not "${value}".`);
  return value;
}

function describeMoney(
  money: { amount: number; currency: string } | undefined,
  format: (m: { amount: number; currency: string }) => string,
): string {
  return money ? `${format(money)} ${money.currency}` : '';
}

/** `infrafabric payment charge|refund|subscribe` plus the payment connection commands. */
export function registerPaymentCommands(program: Command): void {
  const payment = program.command('payment').description('payments: Stripe...');
  registerKindConnectionCommands(payment, 'payment');

  payment
    .command('charge')
    .description('charge an amount (decimal, converted to minor units for the currency)')
    .argument('<conn>', 'payment connection name')
    .requiredOption('--amount <decimal>', 'amount in major units, e.g. 19.99', (v) =>
      checkDecimal(v, '--amount'),
    )
    .requiredOption('--currency <code>', 'ISO 4217 currency, e.g. GBP', (v) => v.toUpperCase())
    .option('--customer <id>', 'customer id')
    .option('--method <id>', 'payment method id, e.g. pm_card_visa')
    .option('--description <text>', 'description on the payment')
    .option('--reference <ref>', 'your order reference (also how an uncertain charge is reconciled)')
    .option('--authorize-only', 'authorize now, capture later')
    .option('--dry-run', 'validate and show the minor-unit amount; charge nothing')
    .addHelpText(
      'after',
      '\nExample:\n  $ infrafabric payment charge shop --amount 19.99 --currency GBP --method pm_card_visa',
    )
    .action(
      action(async (conn: string, options: ChargeOptions, command: Command) => {
        const global = globalOptions(command);
        return withSession(global, [conn], 'payment', (session) => {
          const amount = session.core.toMinorUnits(options.amount, options.currency);
          const input = {
            amount,
            customerId: options.customer,
            paymentMethod: options.method,
            description: options.description,
            reference: options.reference,
            capture: !options.authorizeOnly,
          };
          return runOperation(session, global, 'payment', conn, 'createPayment', input, {
            dryRun: options.dryRun,
            done: (out) => {
              const p = out as { id: string; status: string; amount: { amount: number; currency: string } };
              return `Payment ${p.id}: ${describeMoney(p.amount, session.core.formatMinorUnits)} (${p.status})`;
            },
          });
        });
      }),
    );

  payment
    .command('refund')
    .description('refund a payment, fully or partly')
    .addHelpText(
      'after',
      examples(
        'infrafabric payment refund shop --transaction pi_123',
        'infrafabric payment refund shop --transaction pi_123 --amount 5.00 --currency GBP',
      ),
    )
    .argument('<conn>', 'payment connection name')
    .requiredOption('--transaction <id>', 'payment id to refund')
    .option('--amount <decimal>', 'partial amount in major units (needs --currency)', (v) =>
      checkDecimal(v, '--amount'),
    )
    .option('--currency <code>', 'currency of --amount', (v) => v.toUpperCase())
    .option('--reason <reason>', 'duplicate, fraudulent or requested_by_customer')
    .option('--dry-run', 'validate only; refund nothing')
    .action(
      action(
        async (
          conn: string,
          options: {
            transaction: string;
            amount?: string;
            currency?: string;
            reason?: string;
            dryRun?: boolean;
          },
          command: Command,
        ) => {
          const global = globalOptions(command);
          if (options.amount !== undefined && options.currency === undefined) {
            throw new UsageError('--amount needs --currency (the payment currency).');
          }
          return withSession(global, [conn], 'payment', (session) => {
            const input = {
              paymentId: options.transaction,
              amount:
                options.amount === undefined
                  ? undefined
                  : session.core.toMinorUnits(options.amount, options.currency as string),
              reason: options.reason,
            };
            return runOperation(session, global, 'payment', conn, 'refundPayment', input, {
              dryRun: options.dryRun,
              done: (out) => {
                const r = out as { id: string; status: string; amount: { amount: number; currency: string } };
                return `Refund ${r.id}: ${describeMoney(r.amount, session.core.formatMinorUnits)} (${r.status})`;
              },
            });
          });
        },
      ),
    );

  payment
    .command('subscribe')
    .description('start a subscription for a customer (spends money every period)')
    .addHelpText(
      'after',
      examples('infrafabric payment subscribe shop --plan price_123 --customer cus_123 --trial-days 14'),
    )
    .argument('<conn>', 'payment connection name')
    .requiredOption('--plan <id>', 'plan / price id')
    .requiredOption('--customer <id>', 'customer id')
    .option('--quantity <n>', 'quantity', wholeNumberFlag('--quantity'), 1)
    .option('--trial-days <n>', 'free trial days', wholeNumberFlag('--trial-days', 0))
    .option('--dry-run', 'validate only; subscribe nothing')
    .action(
      action(
        async (
          conn: string,
          options: { plan: string; customer: string; quantity: number; trialDays?: number; dryRun?: boolean },
          command: Command,
        ) => {
          const global = globalOptions(command);
          const input = {
            planId: options.plan,
            customerId: options.customer,
            quantity: options.quantity,
            trialDays: options.trialDays,
          };
          return withSession(global, [conn], 'payment', (session) =>
            runOperation(session, global, 'payment', conn, 'createSubscription', input, {
              dryRun: options.dryRun,
              done: (out) =>
                `Subscription ${(out as { id: string }).id} (${(out as { status: string }).status})`,
            }),
          );
        },
      ),
    );
}
