import type { Command } from 'commander';
import { action } from '../action';
import { runOperation } from '../operation';
import { examples, wholeNumberFlag } from '../parse';
import { globalOptions } from '../output';
import { withSession } from '../session';
import { registerKindConnectionCommands } from './connections';

interface CallOptions {
  from: string;
  to: string;
  say?: string;
  url?: string;
  timeout?: number;
  dryRun?: boolean;
}

/** `infrafabric sip call|sms|provision` plus the SIP connection commands. */
export function registerSipCommands(program: Command): void {
  const sip = program.command('sip').description('voice, SMS and numbers: Twilio, Vonage...');
  registerKindConnectionCommands(sip, 'sip');

  sip
    .command('call')
    .description('place a phone call (spends money)')
    .addHelpText(
      'after',
      examples(
        "infrafabric sip call phone --from +14155550100 --to +447700900123 --say 'The studio is live'",
      ),
    )
    .argument('<conn>', 'sip connection name')
    .requiredOption('--from <e164>', 'caller number you own, e.g. +14155550100')
    .requiredOption('--to <e164>', 'callee number')
    .option('--say <text>', 'text spoken when answered', 'Hello from InfraFabric.')
    .option('--url <url>', 'instead of --say: URL returning TwiML / NCCO')
    .option('--timeout <seconds>', 'ring for at most this long', wholeNumberFlag('--timeout'))
    .option('--dry-run', 'validate and estimate; call nobody')
    .action(
      action(async (conn: string, options: CallOptions, command: Command) => {
        const global = globalOptions(command);
        const input = {
          from: options.from,
          to: options.to,
          answer: options.url ? { url: options.url } : { say: options.say },
          timeoutSeconds: options.timeout,
        };
        return withSession(global, [conn], 'sip', (session) =>
          runOperation(session, global, 'sip', conn, 'placeCall', input, {
            dryRun: options.dryRun,
            done: (out) =>
              `Call ${(out as { id: string }).id} to ${options.to} is ${(out as { status: string }).status}`,
          }),
        );
      }),
    );

  sip
    .command('sms')
    .description('send an SMS (spends money)')
    .addHelpText(
      'after',
      examples(
        "infrafabric sip sms phone --from +14155550100 --to +447700900123 --message 'Doors open at 7'",
      ),
    )
    .argument('<conn>', 'sip connection name')
    .requiredOption('--from <sender>', 'E.164 number or alphanumeric sender id')
    .requiredOption('--to <e164>', 'recipient number')
    .requiredOption('--message <text>', 'message text')
    .option('--dry-run', 'validate and estimate; send nothing')
    .action(
      action(
        async (
          conn: string,
          options: { from: string; to: string; message: string; dryRun?: boolean },
          command: Command,
        ) => {
          const global = globalOptions(command);
          const input = { from: options.from, to: options.to, text: options.message };
          return withSession(global, [conn], 'sip', (session) =>
            runOperation(session, global, 'sip', conn, 'sendSms', input, {
              dryRun: options.dryRun,
              done: (out) =>
                `SMS ${(out as { id: string }).id} to ${options.to} is ${(out as { status: string }).status}`,
            }),
          );
        },
      ),
    );

  sip
    .command('provision')
    .description('buy a phone number (spends money every month)')
    .addHelpText('after', examples('infrafabric sip provision phone --did +14155550123 --dry-run'))
    .argument('<conn>', 'sip connection name')
    .requiredOption('--did <e164>', 'the number to buy (find one in the provider console or its search API)')
    .option('--country <cc>', 'ISO country code, when the provider needs it (e.g. GB)')
    .option('--dry-run', 'validate and estimate; buy nothing')
    .action(
      action(
        async (
          conn: string,
          options: { did: string; country?: string; dryRun?: boolean },
          command: Command,
        ) => {
          const global = globalOptions(command);
          return withSession(global, [conn], 'sip', (session) =>
            runOperation(
              session,
              global,
              'sip',
              conn,
              'buyNumber',
              { number: options.did, country: options.country },
              {
                dryRun: options.dryRun,
                done: (out) => `Bought ${(out as { number: string }).number} (${(out as { id: string }).id})`,
              },
            ),
          );
        },
      ),
    );
}
