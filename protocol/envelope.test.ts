import { describe, expect, it } from 'vitest';
import { createEvent, decodeMessage, MAX_PAYLOAD_BYTES } from './envelope.ts';

const TOPIC = 'tp/v1/b001/edge/cam-lobby-1/queue';
const valid = {
  specversion: '1.0',
  id: '6c1f0b52-2b1e-4a8e-9d59-1f0c2d7a9e11',
  source: '/b001/edge/cam-lobby-1',
  type: 'tp.queue.observed',
  time: '2026-11-22T09:30:00.000Z',
  data: { zoneId: 'teller-line', count: 4, waitEstimateS: 360, confidence: 0.82, windowS: 10 },
};
const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeMessage', () => {
  it('accepts a valid event and keeps CloudEvents extension attributes', () => {
    const result = decodeMessage(TOPIC, bytes({ ...valid, traceparent: '00-abc-def-01' }));
    expect(result).toMatchObject({ ok: true, topic: { branchId: 'b001', sourceId: 'cam-lobby-1' }, event: { traceparent: '00-abc-def-01' } });
  });

  it.each([
    ['oversize', TOPIC, 'x'.repeat(MAX_PAYLOAD_BYTES + 1)],
    ['bad-topic', 'tp/v1/b001/edge/cam-lobby-1/queue/extra', valid],
    ['bad-json', TOPIC, '{"specversion":'],
    ['bad-envelope', TOPIC, { ...valid, specversion: '0.3' }],
    ['bad-envelope', TOPIC, { ...valid, time: 'yesterday' }],
    ['bad-envelope', TOPIC, { ...valid, Bad_Name: 1 }],
    ['unknown-type', TOPIC, { ...valid, type: 'tp.photo.taken' }],
    ['wrong-type', 'tp/v1/b001/edge/cam-lobby-1/distress', valid],
    ['wrong-source', TOPIC, { ...valid, source: '/b001/edge/cam-vip-1' }],
    ['wrong-source', 'tp/v1/b001/kiosk/cam-lobby-1/queue', { ...valid, source: '/b001/kiosk/cam-lobby-1' }],
    ['bad-data', TOPIC, { ...valid, data: { ...valid.data, count: -1 } }],
    ['bad-data', TOPIC, { ...valid, data: { ...valid.data, kind: 'fall' } }],
    ['bad-data', TOPIC, { ...valid, data: { ...valid.data, faceImage: 'base64...' } }],
  ])('dead-letters %s', (reason, topic, payload) => {
    const result = decodeMessage(topic, bytes(payload));
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.detail.length).toBeGreaterThan(0);
  });

  it('dead-letters invalid UTF-8 as bad-json', () => {
    expect(decodeMessage(TOPIC, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toMatchObject({ ok: false, reason: 'bad-json' });
  });

  it('keeps the event id of a refused event when it can read one', () => {
    const result = decodeMessage(TOPIC, bytes({ ...valid, data: { ...valid.data, count: 'four' } }));
    expect(result).toMatchObject({ ok: false, reason: 'bad-data', eventId: valid.id, detail: expect.stringContaining('count') });
  });

  it('does not let a __proto__ key reach the event', () => {
    const result = decodeMessage(TOPIC, bytes(`{"__proto__":{"polluted":true},${JSON.stringify(valid).slice(1)}`));
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('createEvent', () => {
  it('builds an event that decodes', () => {
    const event = createEvent('tp.distress.detected', { branchId: 'b001', sourceKind: 'kiosk', sourceId: 'kiosk-1' }, {
      zoneId: 'kiosk-area', kind: 'help-request', severity: 'high', confidence: 1, durationS: 0,
    });
    expect(decodeMessage('tp/v1/b001/kiosk/kiosk-1/distress', bytes(event))).toMatchObject({ ok: true, event });
  });

  it('refuses data outside the contract', () => {
    expect(() => createEvent('tp.queue.observed', { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-1' }, {
      zoneId: 'lobby', count: 1.5, waitEstimateS: null, confidence: 1, windowS: 10,
    })).toThrow();
  });
});

describe('decodeMessage against prototype pollution', () => {
  it('refuses __proto__ inside data', () => {
    const json = JSON.stringify(valid).replace('"zoneId"', '"__proto__":{"admin":true},"zoneId"');
    expect(decodeMessage(TOPIC, bytes(json))).toMatchObject({ ok: false, reason: 'bad-envelope' });
  });
});
