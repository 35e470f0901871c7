/**
 * Zones and privacy masks of one camera, in normalised coordinates. A person is in a zone when
 * their foot point is inside its polygon. Masked areas (staff-only) are blanked in the frame before
 * any stage looks at it, so they are never analysed.
 */
import { footPoint, type Box, type Frame } from './types.ts';

export type Point = readonly [number, number];
export type Polygon = readonly Point[];

/** Ray casting; points on an edge may fall either side, which is fine for people on a floor. */
export function insidePolygon(x: number, y: number, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface ZoneShape {
  id: string;
  polygon: Polygon;
}

export function zonesOf(box: Box, zones: readonly ZoneShape[]): string[] {
  const foot = footPoint(box);
  return zones.filter((zone) => insidePolygon(foot.x, foot.y, zone.polygon)).map((zone) => zone.id);
}

/**
 * Blanks masked areas in place. The pixel spans are computed once per frame size, so a frame costs
 * one `fill` per masked span of each row.
 */
export class PrivacyMask {
  #spans: Int32Array | null = null;
  #size = '';

  constructor(private readonly masks: readonly Polygon[]) {}

  get active(): boolean {
    return this.masks.length > 0;
  }

  apply(frame: Frame): void {
    if (!this.active) return;
    const spans = this.#spansFor(frame.width, frame.height);
    for (let i = 0; i < spans.length; i += 2) frame.rgb.fill(0, spans[i]!, spans[i + 1]!);
  }

  /** Whether a normalised point lies in a masked area (detections there are discarded too). */
  covers(x: number, y: number): boolean {
    return this.masks.some((mask) => insidePolygon(x, y, mask));
  }

  #spansFor(width: number, height: number): Int32Array {
    const size = `${width}x${height}`;
    if (this.#spans && this.#size === size) return this.#spans;
    const spans: number[] = [];
    for (let row = 0; row < height; row++) {
      const y = (row + 0.5) / height;
      let start = -1;
      for (let col = 0; col <= width; col++) {
        const masked = col < width && this.covers((col + 0.5) / width, y);
        if (masked && start < 0) start = col;
        if (!masked && start >= 0) {
          spans.push((row * width + start) * 3, (row * width + col) * 3);
          start = -1;
        }
      }
    }
    this.#spans = Int32Array.from(spans);
    this.#size = size;
    return this.#spans;
  }
}
