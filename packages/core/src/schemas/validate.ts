import type { z } from 'zod';
import { ValidationError } from '../errors/infrafabric-error';

/** Where a validation happens, for the error message. */
export interface ValidationContext {
  provider?: string | undefined;
  operation?: string | undefined;
  /** Prefix for field paths, e.g. `input` or `credentials`. */
  path?: string | undefined;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') {
    const params = (issue as { params?: { rule?: string } }).params;
    return params?.rule ?? 'custom';
  }
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'required' : `type:${issue.expected}`;
  if (issue.code === 'invalid_format') return `format:${issue.format}`;
  return issue.code;
}

/**
 * The value last handed on to be parsed again with the same schema (the dispatcher validates an
 * input, then passes it to the adapter, which validates it again when called directly). One slot
 * is enough: the adapter parses its input as soon as it is called.
 */
let handedOn: { value: object; schema: z.ZodType } | undefined;

/**
 * Like {@link parseInput}, and when the parsed value is next passed to `parseInput` with the same
 * schema, it is returned without being parsed a second time (once). For a caller that validates an
 * input and hands the result straight to code that validates it again (the dispatcher and its
 * adapters).
 */
export function parseInputOnce<S extends z.ZodType>(
  schema: S,
  value: unknown,
  context: ValidationContext = {},
): z.output<S> {
  const data = parseInput(schema, value, context);
  handedOn = typeof data === 'object' && data !== null ? { value: data, schema } : undefined;
  return data;
}

/**
 * Validates `value` against `schema` and returns the parsed value, or throws a
 * {@link ValidationError} naming the first bad field and the rule it broke. Call it before any
 * network I/O.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  context: ValidationContext = {},
): z.output<S> {
  if (handedOn !== undefined && handedOn.value === value && handedOn.schema === schema) {
    handedOn = undefined; // once: a retry parses it again
    return value as z.output<S>;
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const segments = [...(context.path ? [context.path] : []), ...issue.path.map(String)];
  const field = segments.join('.') || '(root)';
  const rule = ruleOf(issue);
  const at =
    context.provider && context.operation
      ? `${context.provider}.${context.operation}`
      : (context.provider ?? context.operation ?? 'InfraFabric');
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more issue(s))` : '';
  throw new ValidationError(
    `${at}: invalid "${field}": ${issue.message} (rule: ${rule}). Fix this field and call again.${more}`,
    {
      provider: context.provider,
      operation: context.operation,
      field,
      rule,
      cause: result.error,
    },
  );
}
