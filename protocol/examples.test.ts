import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './envelope.ts';
import { EVENT_TYPES, type EventType } from './events.ts';
import { buildTopic, parseTopic, type SourceKind } from './topics.ts';

const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```json\n(.*?)\n```/gs)].map((m) => m[1]!);

function topicFor(json: string): string {
  const event = JSON.parse(json) as { source: string; type: EventType };
  const [, branchId, sourceKind, sourceId] = event.source.split('/') as [string, string, SourceKind, string];
  return buildTopic({ branchId, sourceKind, sourceId, eventKind: EVENT_TYPES[event.type].eventKind });
}

describe('protocol/README.md examples', () => {
  it('documents every event type', () => {
    const documented = new Set(examples.map((json) => (JSON.parse(json) as { type: string }).type));
    expect([...documented].sort()).toEqual(Object.keys(EVENT_TYPES).sort());
  });

  it.each(examples)('parses %s', (json) => {
    const result = decodeMessage(topicFor(json), new TextEncoder().encode(json));
    expect(result).toMatchObject({ ok: true, event: JSON.parse(json) });
  });
});

describe('topics', () => {
  it('round-trips a topic', () => {
    const parts = { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-lobby-1', eventKind: 'queue' } as const;
    expect(buildTopic(parts)).toBe('tp/v1/b001/edge/cam-lobby-1/queue');
    expect(parseTopic('tp/v1/b001/edge/cam-lobby-1/queue')).toEqual({ ok: true, parts });
  });

  it.each([
    ['tp/v1/b001/edge/cam-lobby-1', 'topic must be'],
    ['tp/v2/b001/edge/cam-lobby-1/queue', 'topic must be'],
    ['tp/v1/B001/edge/cam/queue', 'invalid branch id'],
    ['tp/v1/b001/camera/cam/queue', 'unknown source kind'],
    ['tp/v1/b001/edge/cam/photos', 'unknown event kind'],
  ])('refuses %s', (topic, error) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(error);
  });

  it('refuses ids that would escape their topic level', () => {
    expect(() => buildTopic({ branchId: 'b001', sourceKind: 'edge', sourceId: 'cam/+', eventKind: 'queue' })).toThrow('invalid id');
  });
});
