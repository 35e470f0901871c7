/**
 * MQTT topics of the contract: `tp/v1/{branchId}/{sourceKind}/{sourceId}/{eventKind}`.
 * Each event kind carries exactly one CloudEvents `type`.
 */
export const TOPIC_ROOT = 'tp/v1';

export const SOURCE_KINDS = ['edge', 'kiosk', 'hub'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const EVENT_KINDS = ['queue', 'distress', 'kiosk', 'status', 'summary'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Ids in topics: lower-case letters, digits and dashes; no MQTT wildcards or separators. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface TopicParts {
  branchId: string;
  sourceKind: SourceKind;
  sourceId: string;
  eventKind: EventKind;
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

export function buildTopic(parts: TopicParts): string {
  for (const id of [parts.branchId, parts.sourceId]) {
    if (!isId(id)) throw new Error(`invalid id in topic: ${JSON.stringify(id)}`);
  }
  return `${TOPIC_ROOT}/${parts.branchId}/${parts.sourceKind}/${parts.sourceId}/${parts.eventKind}`;
}

export type TopicParseResult = { ok: true; parts: TopicParts } | { ok: false; error: string };

export function parseTopic(topic: string): TopicParseResult {
  const levels = topic.split('/');
  if (levels.length !== 6 || `${levels[0]}/${levels[1]}` !== TOPIC_ROOT) {
    return { ok: false, error: `topic must be ${TOPIC_ROOT}/{branchId}/{sourceKind}/{sourceId}/{eventKind}` };
  }
  const [, , branchId, sourceKind, sourceId, eventKind] = levels as [string, string, string, string, string, string];
  if (!isId(branchId)) return { ok: false, error: `invalid branch id ${JSON.stringify(branchId)}` };
  if (!isId(sourceId)) return { ok: false, error: `invalid source id ${JSON.stringify(sourceId)}` };
  if (!(SOURCE_KINDS as readonly string[]).includes(sourceKind)) {
    return { ok: false, error: `unknown source kind ${JSON.stringify(sourceKind)}` };
  }
  if (!(EVENT_KINDS as readonly string[]).includes(eventKind)) {
    return { ok: false, error: `unknown event kind ${JSON.stringify(eventKind)}` };
  }
  return {
    ok: true,
    parts: { branchId, sourceKind: sourceKind as SourceKind, sourceId, eventKind: eventKind as EventKind },
  };
}

/** The topic prefix one device may publish under (its own source, any event kind). */
export function sourcePrefix(branchId: string, sourceKind: SourceKind, sourceId: string): string {
  return `${TOPIC_ROOT}/${branchId}/${sourceKind}/${sourceId}/`;
}

/** CloudEvents `source` for a topic's source: `/{branchId}/{sourceKind}/{sourceId}`. */
export function sourceUri(branchId: string, sourceKind: SourceKind, sourceId: string): string {
  return `/${branchId}/${sourceKind}/${sourceId}`;
}

/** Wildcard a hub subscribes to for one branch's events. */
export function branchWildcard(branchId: string): string {
  return `${TOPIC_ROOT}/${branchId}/+/+/+`;
}
