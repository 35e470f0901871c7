/**
 * Kiosk interaction telemetry: what the kiosk page posts to its edge node's kiosk analyzer
 * (`POST {telemetryUrl}/kiosk/v1/{kioskId}/interactions`, body `{ interactions: [...] }`, 202).
 * Only what the customer did with the screen, never what they typed: no names, numbers or codes,
 * and of a self-help question only the need it was understood as.
 */
import { z } from 'zod';
import { isId } from './topics.ts';
import { KIOSK_TASKS, selfHelpAnswer } from './events.ts';

export const KIOSK_INTERACTION_TYPES = [
  'session-start', // the first touch after the home screen was idle
  'screen', // a new screen was shown (`screen`)
  'back', // the customer went back a step
  'error', // a validation or server error was shown (`code`)
  'idle-warning', // the "are you still there?" prompt appeared
  'help-request', // the customer asked for a person
  'answer', // the customer took a self-help answer to their question (`answer`: the need, how sure)
  'complete', // the task finished (`task`)
  'abandon', // the customer pressed home / cancel before finishing
  'timeout', // the session was reset after idle
] as const;

const slug = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, 'lower-case letters, digits, dots and dashes (max 63)');

export const kioskInteraction = z
  .strictObject({
    sessionId: z.uuid().describe('random per session, forgotten when the kiosk resets'),
    seq: z.number().int().min(0).max(100_000).describe('order within the session'),
    at: z.iso.datetime().describe('when it happened, by the kiosk clock'),
    type: z.enum(KIOSK_INTERACTION_TYPES),
    task: z.enum(KIOSK_TASKS).optional().describe('the task the customer is on'),
    screen: slug.optional().describe('screen id, e.g. ticket.service'),
    code: slug.optional().describe('error code, e.g. appointment.not-found'),
    answer: selfHelpAnswer.optional().describe('with `answer` only'),
  })
  .refine((interaction) => (interaction.type === 'answer') === (interaction.answer !== undefined), {
    message: 'an answer interaction carries `answer`, and only it does',
    path: ['answer'],
  });
export type KioskInteraction = z.infer<typeof kioskInteraction>;

export const kioskInteractionBatch = z.strictObject({
  interactions: z.array(kioskInteraction).min(1).max(200),
});
export type KioskInteractionBatch = z.infer<typeof kioskInteractionBatch>;

export function kioskTelemetryPath(kioskId: string): string {
  if (!isId(kioskId)) throw new Error(`bad kiosk id: ${kioskId}`);
  return `/kiosk/v1/${kioskId}/interactions`;
}
