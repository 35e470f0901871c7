/**
 * A refused payload keeps its reason and enough to read what was wrong, but no image data reaches
 * the hub's disk through the dead-letter table: checked with the privacy probe on what is kept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findImageData } from '../../test/helpers/image-data.ts';
import { keptPayload } from './dead-letter-payload.ts';

const JPEG = readFileSync(new URL('../../node_modules/@vladmandic/face-api/demo/sample1.jpg', import.meta.url));
const event = (data: Record<string, unknown>) => JSON.stringify({
  specversion: '1.0', id: '6c1f0b52-2b1e-4a8e-9d59-1f0c2d7a9e11', source: '/b001/edge/cam-1', type: 'tp.distress.detected', time: '2026-11-22T09:30:00.000Z',
  data: { zoneId: 'lobby', kind: 'fall', severity: 'high', confidence: 0.9, durationS: 3, ...data },
});

describe('what a dead letter keeps', () => {
  it('keeps a refused event readable', () => {
    const payload = event({ kind: 'crying' });
    expect(keptPayload(Buffer.from(payload))).toEqual({ text: payload, base64: false });
  });

  it.each([
    ['a face crop', { face: JPEG.subarray(0, 1500).toString('base64') }, /"face":"«2000 base64-like characters not kept»"/],
    ['a data URL', { snapshot: `data:image/jpeg;base64,${JPEG.subarray(0, 1500).toString('base64')}` }, /"snapshot":"«an image data URL of 2023 characters not kept»"/],
    ['a descriptor', { descriptor: Array.from({ length: 128 }, (_, i) => Math.round(Math.cos(i) * 1e4) / 1e5) }, /"descriptor":«an array of 128 numbers not kept»/],
  ])('drops %s from a refused event, keeping the rest', (_what, extra, note) => {
    const payload = Buffer.from(event(extra));
    expect(findImageData(payload, { binary: false }).length).toBeGreaterThan(0); // the probe sees it in what was sent
    const kept = keptPayload(payload);
    expect(findImageData(kept.text, { binary: false })).toEqual([]);
    expect(kept.text).toContain('"kind":"fall"');
    expect(kept.text).toMatch(note);
  });

  it('keeps only the first 64 bytes of a payload that is not text, such as an image', () => {
    expect(findImageData(JPEG).length).toBeGreaterThan(0);
    const kept = keptPayload(JPEG);
    expect(kept.base64).toBe(true);
    expect(Buffer.from(kept.text, 'base64')).toEqual(JPEG.subarray(0, 64));
  });
});
