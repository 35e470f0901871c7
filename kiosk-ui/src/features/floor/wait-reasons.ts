/**
 * Why a line's wait is what it is, as short reasons the floor manager can act on (open a counter,
 * send someone to the kiosk queue): the basis the hub's predictor gives (`WaitBasis`), most
 * actionable first. Pure, so the rules are unit-tested; the tile turns each into words.
 */
import type { WaitBasis } from '../../shared/api/queue-types.ts';

/** Below this share, giving up is not worth a word. */
const GIVE_UP_WORTH_SAYING = 0.05;

export type Duration = { unit: 'seconds' | 'minutes'; n: number };
export type WaitReason =
  | { kind: 'no-counter' }
  | { kind: 'queue'; ahead: number; counters: string; service: Duration }
  | { kind: 'camera'; n: number }
  | { kind: 'give-up'; percent: number }
  | { kind: 'similar'; count: number; median: Duration; own: boolean };

export function waitReasons(basis: WaitBasis): WaitReason[] {
  const reasons: WaitReason[] = [];
  reasons.push(basis.counters === 0 ? { kind: 'no-counter' } : { kind: 'queue', ahead: basis.ahead, counters: String(basis.counters), service: duration(basis.serviceS) });
  if (basis.cameraExtra > 0) reasons.push({ kind: 'camera', n: basis.cameraExtra });
  if (basis.giveUpShare >= GIVE_UP_WORTH_SAYING) reasons.push({ kind: 'give-up', percent: Math.round(basis.giveUpShare * 100) });
  if (basis.similar) reasons.push({ kind: 'similar', count: basis.similar.count, median: duration(basis.similar.medianS), own: basis.similar.ofService });
  return reasons;
}

/** Seconds up to a minute and a half, whole minutes beyond. */
function duration(seconds: number): Duration {
  return seconds < 90 ? { unit: 'seconds', n: Math.round(seconds) } : { unit: 'minutes', n: Math.round(seconds / 60) };
}
