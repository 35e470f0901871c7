/**
 * The people a camera counts in a service's queue zone (a `queue` zone that names the service),
 * for the wait predictor. A count older than `maxAgeMs` is not used: the camera may be off.
 */
import type { BranchDirectory } from '../branch/directory.ts';
import type { LiveState } from '../state/live-state.ts';

export const CAMERA_COUNT_MAX_AGE_MS = 120_000;

export type CameraCount = (serviceId: string, nowMs: number) => number | null;

export function cameraCount(state: LiveState, directory: BranchDirectory, maxAgeMs = CAMERA_COUNT_MAX_AGE_MS): CameraCount {
  return (serviceId, nowMs) => {
    const zoneIds = new Set(directory.zones().filter((zone) => zone.kind === 'queue' && zone.serviceId === serviceId).map((zone) => zone.id));
    if (zoneIds.size === 0) return null;
    let total: number | null = null;
    for (const zone of state.zones()) {
      if (!zoneIds.has(zone.zoneId) || zone.count === null || zone.updatedAt === null) continue;
      if (nowMs - Date.parse(zone.updatedAt) > maxAgeMs) continue;
      total = (total ?? 0) + zone.count;
    }
    return total;
  };
}
