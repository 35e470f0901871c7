import { describe, expect, test } from 'vitest';
import { clipCorners, containment, iou, nonMaxSuppression } from './boxes.ts';

describe('boxes', () => {
  test('iou', () => {
    expect(iou({ x: 0, y: 0, w: 0.5, h: 0.5 }, { x: 0, y: 0, w: 0.5, h: 0.5 })).toBeCloseTo(1);
    expect(iou({ x: 0, y: 0, w: 0.5, h: 0.5 }, { x: 0.25, y: 0, w: 0.5, h: 0.5 })).toBeCloseTo(1 / 3);
    expect(iou({ x: 0, y: 0, w: 0.2, h: 0.2 }, { x: 0.5, y: 0.5, w: 0.2, h: 0.2 })).toBe(0);
  });

  test('clipCorners keeps what is inside the unit square', () => {
    expect(clipCorners(-0.1, 0.2, 0.5, 1.3)).toEqual({ x: 0, y: 0.2, w: 0.5, h: 0.8 });
    expect(clipCorners(1.1, 0.2, 1.5, 0.4)).toBeNull();
  });

  test('nonMaxSuppression keeps the best of overlapping boxes, and separate ones', () => {
    const a = { box: { x: 0, y: 0, w: 0.5, h: 0.5 }, score: 0.6 };
    const b = { box: { x: 0.05, y: 0, w: 0.5, h: 0.5 }, score: 0.9 };
    const c = { box: { x: 0.6, y: 0.6, w: 0.3, h: 0.3 }, score: 0.4 };
    expect(nonMaxSuppression([a, b, c], 0.5)).toEqual([b, c]);
    expect(nonMaxSuppression([a, b, c], 0.5, 1)).toEqual([b]);
  });

  test('drops a weaker box that lies inside a stronger one (a torso of the same person), keeps a neighbour', () => {
    const person = { box: { x: 0.2, y: 0.2, w: 0.2, h: 0.6 }, score: 0.8 };
    const torso = { box: { x: 0.22, y: 0.22, w: 0.16, h: 0.25 }, score: 0.35 };
    const neighbour = { box: { x: 0.35, y: 0.2, w: 0.2, h: 0.6 }, score: 0.4 };
    expect(iou(person.box, torso.box)).toBeLessThan(0.5);
    expect(containment(person.box, torso.box)).toBeCloseTo(1);
    expect(nonMaxSuppression([person, torso, neighbour], 0.5)).toEqual([person, neighbour, torso]);
    expect(nonMaxSuppression([person, torso, neighbour], 0.5, Infinity, 0.9)).toEqual([person, neighbour]);
  });
});
