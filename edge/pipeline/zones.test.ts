import { describe, expect, it } from 'vitest';
import { insidePolygon, PrivacyMask, zonesOf } from './zones.ts';

const square = [[0.2, 0.2], [0.6, 0.2], [0.6, 0.6], [0.2, 0.6]] as const;

describe('zones', () => {
  it('puts a person in a zone by the foot point, not the box', () => {
    // Head inside the square, feet below it: not in the zone.
    expect(zonesOf({ x: 0.3, y: 0.25, w: 0.1, h: 0.5 }, [{ id: 'queue', polygon: square }])).toEqual([]);
    // Feet inside.
    expect(zonesOf({ x: 0.3, y: 0.1, w: 0.1, h: 0.4 }, [{ id: 'queue', polygon: square }])).toEqual(['queue']);
  });

  it('counts a person cut off by the bottom of the frame in a zone drawn to the edge', () => {
    expect(zonesOf({ x: 0.4, y: 0.5, w: 0.2, h: 0.5 }, [{ id: 'all', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] }])).toEqual(['all']);
  });

  it('handles concave polygons', () => {
    const l = [[0, 0], [1, 0], [1, 0.2], [0.2, 0.2], [0.2, 1], [0, 1]] as const;
    expect(insidePolygon(0.1, 0.9, l)).toBe(true);
    expect(insidePolygon(0.5, 0.5, l)).toBe(false);
  });
});

describe('PrivacyMask', () => {
  it('blanks exactly the masked pixels and leaves the rest', () => {
    const width = 40;
    const height = 30;
    const frame = { cameraId: 'c', seq: 0, tMs: 0, width, height, rgb: new Uint8Array(width * height * 3).fill(200) };
    new PrivacyMask([[[0.5, 0], [1, 0], [1, 1], [0.5, 1]]]).apply(frame);
    const pixel = (x: number, y: number) => frame.rgb[(y * width + x) * 3];
    expect(pixel(10, 10)).toBe(200);
    expect(pixel(19, 29)).toBe(200);
    expect(pixel(20, 0)).toBe(0);
    expect(pixel(39, 29)).toBe(0);
    const blanked = frame.rgb.filter((v) => v === 0).length / 3;
    expect(blanked).toBe(20 * 30);
  });

  it('says which points it covers', () => {
    const mask = new PrivacyMask([[[0, 0], [0.3, 0], [0.3, 0.3], [0, 0.3]]]);
    expect(mask.covers(0.1, 0.1)).toBe(true);
    expect(mask.covers(0.5, 0.5)).toBe(false);
  });
});
