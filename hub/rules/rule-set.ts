/**
 * The branch's alert rules as one JSON document (`RuleSet`), validated with zod: which signs open
 * an alert, after how long, whether it needs a person and which skills, and when it closes by
 * itself. Branch-wide rules, with per-zone overrides for the queue-length and distress rules.
 */
import { z } from 'zod';
import { DISTRESS_KINDS, SEVERITIES } from '../../protocol/events.ts';

export type DistressKind = (typeof DISTRESS_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];

const seconds = z.number().int().min(0).max(86_400);
const skill = z.string().trim().min(1).max(40);

const distressRule = z.strictObject({
  enabled: z.boolean().describe('this kind of sign opens an alert'),
  minSeverity: z.enum(SEVERITIES).describe('signs below this severity are ignored'),
  needsPerson: z.boolean().describe('someone is sent (dispatch); otherwise the floor is only notified'),
  skills: z.array(skill).max(10).describe('skills preferred in the person sent'),
  cooldownS: seconds.describe('after the alert closes, the same sign in the same zone is ignored this long'),
});

const queueLengthRule = z.strictObject({
  enabled: z.boolean(),
  openAtPeople: z.number().int().min(1).max(500).describe('people in line (camera or waiting tickets) that open the alert'),
  openForS: seconds.describe('how long the line must stay that long'),
  closeBelowPeople: z.number().int().min(1).max(500).describe('the alert closes when the line is shorter than this ...'),
  closeForS: seconds.describe('... for this long'),
  needsPerson: z.boolean(),
});

const waitBreachRule = z.strictObject({ enabled: z.boolean(), needsPerson: z.boolean() });
const cameraRule = z.strictObject({
  enabled: z.boolean(),
  forS: seconds.describe('a camera stalled, restarting or offline this long opens an alert; it closes when the camera is ok'),
  needsPerson: z.boolean(),
});
const nodeRule = z.strictObject({ enabled: z.boolean(), needsPerson: z.boolean() });
const feedbackRule = z.strictObject({
  enabled: z.boolean().describe('a negative feedback answer opens a follow-up case for the floor'),
  csatAtMost: z.number().int().min(1).max(5).describe('a satisfaction score (1-5) at or below this is negative'),
  npsAtMost: z.number().int().min(0).max(10).describe('a recommend score (0-10) at or below this is negative (6: a detractor)'),
  needsPerson: z.boolean().describe('someone is sent (dispatch); otherwise the floor manager follows up'),
  skills: z.array(skill).max(10).describe('skills preferred in the person sent'),
});
const FEEDBACK_DEFAULT: FeedbackRule = { enabled: true, csatAtMost: 2, npsAtMost: 6, needsPerson: false, skills: [] };

const zoneOverride = z.strictObject({
  queueLength: queueLengthRule.partial().optional(),
  distress: z.partialRecord(z.enum(DISTRESS_KINDS), distressRule.partial()).optional(),
});

export const ruleSetSchema = z
  .strictObject({
    queueLength: queueLengthRule,
    waitBreach: waitBreachRule,
    distress: z.strictObject(Object.fromEntries(DISTRESS_KINDS.map((kind) => [kind, distressRule])) as Record<DistressKind, typeof distressRule>),
    camera: cameraRule,
    node: nodeRule,
    // Rule sets saved before this rule existed get its defaults.
    feedback: feedbackRule.default(FEEDBACK_DEFAULT),
    zones: z.record(z.string().min(1).max(64), zoneOverride).describe('per-zone overrides, by zone id'),
    dispatch: z
      .strictObject({ offerTimeoutS: z.number().int().min(10).max(600).describe('how long a person has to accept an offer before it goes to the next') })
      .default({ offerTimeoutS: 60 }),
  })
  .superRefine((rules, context) => {
    const check = (rule: QueueLengthRule, path: (string | number)[]) => {
      if (rule.closeBelowPeople > rule.openAtPeople) {
        context.addIssue({ code: 'custom', path: [...path, 'closeBelowPeople'], message: `must be at most openAtPeople (${rule.openAtPeople}), or the alert could never stay open` });
      }
    };
    check(rules.queueLength, ['queueLength']);
    for (const [zoneId, override] of Object.entries(rules.zones)) {
      if (override.queueLength) check({ ...rules.queueLength, ...override.queueLength }, ['zones', zoneId, 'queueLength']);
    }
  })
  .describe('the branch alert rules (hub/rules)');

export type RuleSet = z.infer<typeof ruleSetSchema>;
export type DistressRule = z.infer<typeof distressRule>;
export type QueueLengthRule = z.infer<typeof queueLengthRule>;
export type FeedbackRule = z.infer<typeof feedbackRule>;

const distressDefault = (needsPerson: boolean, skills: string[], minSeverity: Severity = 'low'): DistressRule => ({ enabled: true, minSeverity, needsPerson, skills, cooldownS: 120 });

/** The rules a branch runs with until an administrator changes them. */
export const DEFAULT_RULES: RuleSet = {
  queueLength: { enabled: true, openAtPeople: 8, openForS: 60, closeBelowPeople: 7, closeForS: 30, needsPerson: false },
  waitBreach: { enabled: true, needsPerson: false },
  distress: {
    fall: distressDefault(true, ['accessibility']),
    'help-request': distressDefault(true, ['floor']),
    'kiosk-friction': distressDefault(true, ['floor']),
    'long-wait': distressDefault(true, ['floor']),
    // A face that looks unhappy is worth a glance from the floor manager, not a person sent.
    'negative-affect': distressDefault(false, [], 'medium'),
  },
  camera: { enabled: true, forS: 60, needsPerson: false },
  node: { enabled: true, needsPerson: false },
  // The floor manager follows an unhappy answer up in person; nobody is dispatched by default.
  feedback: FEEDBACK_DEFAULT,
  zones: {},
  dispatch: { offerTimeoutS: 60 },
};

export function queueLengthRuleFor(rules: RuleSet, zoneId: string): QueueLengthRule {
  return { ...rules.queueLength, ...rules.zones[zoneId]?.queueLength };
}

export function distressRuleFor(rules: RuleSet, zoneId: string, kind: DistressKind): DistressRule {
  return { ...rules.distress[kind], ...rules.zones[zoneId]?.distress?.[kind] };
}

/** Rule ids, as stored on the alerts they open (`distress.fall`, ...). */
export const RULE_IDS = { queueLength: 'queue-length', waitBreach: 'wait-breach', camera: 'camera-offline', node: 'node-offline', feedback: 'feedback' } as const;
export const DISTRESS_RULE_PREFIX = 'distress.';

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };
