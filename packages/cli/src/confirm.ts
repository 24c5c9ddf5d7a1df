import { UsageError } from './exit-codes';

/**
 * Asks a yes/no question on the terminal (@clack/prompts, loaded only when a prompt is shown).
 * Without a TTY there is nobody to ask, so it refuses instead of guessing.
 * @returns true when confirmed.
 */
export async function confirmAction(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(
      `${question} Refusing without a terminal to ask on.`,
      'Pass --yes to confirm non-interactively.',
    );
  }
  const prompts = await import('@clack/prompts');
  const answer = await prompts.confirm({ message: question, initialValue: false });
  if (prompts.isCancel(answer)) return false;
  return answer === true;
}
