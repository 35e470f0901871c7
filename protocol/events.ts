/**
 * One zod schema per event type. `data` objects are strict: an event carries counts, zones,
 * scores and durations only, and an unexpected field (an image, a name) is refused, not stored.
 */
import { z } from 'zod';
import { branchSummary } from './branch-summary.ts';
import { NEEDS } from './needs.ts';
import { isId, type EventKind, type SourceKind } from './topics.ts';
import { CAMERA_STATES, DISTRESS_KINDS, KIOSK_OUTCOMES, KIOSK_TASKS, SEVERITIES } from './vocabulary.ts';

export { CAMERA_STATES, DISTRESS_KINDS, KIOSK_OUTCOMES, KIOSK_TASKS, SEVERITIES } from './vocabulary.ts';
export { branchSummary, hourAggregate } from './branch-summary.ts';

const id = z.string().refine(isId, 'must be lower-case letters, digits and dashes (max 63)');
const zoneId = id.describe('zone id as configured on the hub');
const confidence = z.number().min(0).max(1);
const seconds = z.number().finite().min(0);
const count = z.number().int().min(0).max(10_000);

export const queueObserved = z
  .strictObject({
    zoneId,
    count: count.describe('people waiting in the zone, smoothed over the window'),
    waitEstimateS: seconds.nullable().describe('estimated wait for a newcomer, in seconds; null when unknown'),
    confidence,
    windowS: z.number().positive().max(3600).describe('smoothing window in seconds'),
  })
  .describe('tp.queue.observed: the queue in one zone as a camera sees it');

export const distressDetected = z
  .strictObject({
    zoneId,
    kind: z.enum(DISTRESS_KINDS),
    severity: z.enum(SEVERITIES),
    confidence,
    durationS: seconds.describe('how long the sign has lasted; 0 for an instant signal'),
  })
  .describe('tp.distress.detected: a visible sign that a customer may need help');

export const selfHelpAnswer = z
  .strictObject({
    need: z.enum(NEEDS).describe('the customer need the kiosk understood the question as (protocol/needs.ts)'),
    confidence: confidence.describe("how sure the kiosk's model was that the guide answers the question"),
    sure: z.boolean().describe('whether that was sure enough to answer; otherwise the kiosk said it was not sure and offered a person'),
  })
  .describe('a self-help answer to a question the customer typed; never the question itself');

export const kioskSession = z
  .strictObject({
    zoneId,
    kioskId: id.optional().describe('the kiosk, when an edge node reports the session on its behalf'),
    sessionId: z.string().uuid().describe('random per session, never linked to a person'),
    task: z.enum(KIOSK_TASKS),
    outcome: z.enum(KIOSK_OUTCOMES),
    durationS: seconds,
    steps: count.optional(),
    errors: count.optional(),
    answer: selfHelpAnswer.optional().describe('the last self-help answer the customer took in the session; `outcome` says whether that helped (completed) or they asked for a person (escalated)'),
  })
  .describe('tp.kiosk.session: one finished self-service session');

export const cameraStatus = z.strictObject({
  cameraId: id,
  state: z.enum(CAMERA_STATES),
  fps: z.number().min(0).max(1000).optional(),
  restarts: count.optional(),
  error: z.string().max(500).optional(),
  expressions: z
    .strictObject({ assessed: count, notAssessable: count })
    .optional()
    .describe('where expression analysis is on: people in its zones since the last status whose face was large and clear enough to read, and those it could not read (too small, turned away), which were never scored'),
});

export const edgeStatus = z
  .strictObject({
    online: z.boolean(),
    version: z.string().max(64).optional(),
    uptimeS: seconds.optional(),
    backend: z.string().max(64).optional().describe('inference backend in use, e.g. wasm or tensorflow'),
    cameras: z.array(cameraStatus).max(64).optional(),
    outbox: z
      .strictObject({
        queued: z.number().int().min(0).describe('events on disk waiting for the broker'),
        dropped: z.number().int().min(0).describe('events dropped because the outbox was full, ever'),
      })
      .optional()
      .describe('the node’s durable outbox: backlog and losses'),
  })
  .describe('tp.edge.status: retained; also the MQTT last will ({"online":false})');

/** The contract: topic event kind → CloudEvents type → data schema, and who may send it. */
export const EVENT_TYPES = {
  'tp.queue.observed': { eventKind: 'queue', sourceKinds: ['edge'], data: queueObserved },
  'tp.distress.detected': { eventKind: 'distress', sourceKinds: ['edge', 'kiosk'], data: distressDetected },
  'tp.kiosk.session': { eventKind: 'kiosk', sourceKinds: ['kiosk', 'edge'], data: kioskSession },
  'tp.edge.status': { eventKind: 'status', sourceKinds: ['edge', 'kiosk'], data: edgeStatus },
  'tp.branch.summary': { eventKind: 'summary', sourceKinds: ['hub'], data: branchSummary },
} as const satisfies Record<string, { eventKind: EventKind; sourceKinds: readonly SourceKind[]; data: z.ZodType }>;

export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]['data']>;

export function typeForEventKind(kind: EventKind): EventType {
  const found = EVENT_TYPE_NAMES.find((t) => EVENT_TYPES[t].eventKind === kind);
  if (!found) throw new Error(`no event type for kind ${kind}`);
  return found;
}

/** Event types whose data names a zone the hub must know. */
export function zoneOf(type: EventType, data: unknown): string | undefined {
  if (type === 'tp.edge.status' || type === 'tp.branch.summary') return undefined;
  return (data as { zoneId: string }).zoneId;
}
