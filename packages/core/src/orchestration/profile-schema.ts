import { z } from 'zod';

const stepId = z.string().regex(/^[a-z][a-z0-9_-]*$/, {
  message: 'use lower-case letters, digits, - and _, starting with a letter',
});
const kind = z.enum(['chat', 'cloud', 'sip', 'payment', 'production', 'device']);

const retry = z
  .object({
    maxAttempts: z.number().int().min(1).max(10).optional(),
    baseDelayMs: z.number().int().min(0).optional(),
  })
  .strict();

const operationCall = z
  .object({
    operation: z.string().min(1),
    input: z.unknown().optional(),
  })
  .strict();

const broadcastTarget = z
  .object({ provider: z.string().min(1), chatId: z.string().min(1), threadId: z.string().optional() })
  .strict();

const operationStep = z
  .object({
    id: stepId,
    description: z.string().optional(),
    needs: z.array(stepId).default([]),
    kind,
    /** One adapter name, or several with a strategy (failover between them). */
    provider: z.string().min(1).optional(),
    via: z.array(z.string().min(1)).min(1).optional(),
    strategy: z
      .enum(['ordered', 'least-cost', 'round-robin', 'least-outstanding', 'success-rate'])
      .optional(),
    operation: z.string().min(1),
    input: z.unknown().optional(),
    retry: retry.optional(),
    timeoutMs: z.number().int().positive().optional(),
    /** How to undo this step if a later step fails (destroy the server, refund the charge). */
    compensate: operationCall.optional(),
  })
  .strict()
  .refine((s) => (s.provider === undefined) !== (s.via === undefined), {
    message: 'give exactly one of provider or via',
    path: ['provider'],
  });

const broadcastStep = z
  .object({
    id: stepId,
    description: z.string().optional(),
    needs: z.array(stepId).default([]),
    broadcast: z
      .object({
        message: z
          .object({ text: z.string().min(1), format: z.enum(['plain', 'markdown', 'html']).optional() })
          .strict(),
        targets: z.array(broadcastTarget).min(1),
        /** Fail the step unless every target succeeded (default: fail only when all failed). */
        requireAll: z.boolean().default(false),
      })
      .strict(),
  })
  .strict();

/** One step of a profile: an operation on a provider, or a chat broadcast. */
export const profileStepSchema = z.union([broadcastStep, operationStep]);

/** A declarative, validated profile of named steps across kinds, with dependencies. */
export const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Values usable as `${vars.name}` in inputs. */
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    steps: z.array(profileStepSchema).min(1),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const ids = new Set<string>();
    profile.steps.forEach((step, index) => {
      if (ids.has(step.id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate step id "${step.id}"`,
          path: ['steps', index, 'id'],
          params: { rule: 'unique' },
        });
      ids.add(step.id);
    });
    profile.steps.forEach((step, index) => {
      step.needs.forEach((need, j) => {
        if (!ids.has(need))
          ctx.addIssue({
            code: 'custom',
            message: `needs unknown step "${need}"`,
            path: ['steps', index, 'needs', j],
            params: { rule: 'known_step' },
          });
      });
    });
  });

/** A parsed profile. */
export type Profile = z.output<typeof profileSchema>;
/** A profile as written (defaults optional). */
export type ProfileInput = z.input<typeof profileSchema>;
/** One parsed step. */
export type ProfileStep = z.output<typeof profileStepSchema>;
