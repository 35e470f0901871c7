/**
 * What the cameras say: each its zone's head count (a random walk around a level that drifts
 * every few minutes, as a queue builds and empties), its node's retained status, and, across the
 * hall, help requests and falls at the rates of a busy day (soak-rates.ts). A sign goes into a
 * zone where it opens a new alert when there is one (then it is timed, soak-help.ts).
 */
import type { SeededRandom } from '../hub/queue/simulate-random.ts';
import type { SoakCamera } from './soak-branch.ts';
import type { EdgeFleet } from './soak-edges.ts';
import type { HelpTracker, MeasuredKind } from './soak-help.ts';
import type { SoakRates } from './soak-rates.ts';
import type { Scheduler } from './soak-schedule.ts';

/** How often a zone's level moves (wall-clock seconds of the run). */
const LEVEL_EVERY_S = 60;
const QUEUE_ZONE = /^(teller-line|wealth-waiting|queue-area-)/;

export function startCameras(deps: {
  cameras: SoakCamera[];
  /** Zones the camera signs may come from (not the kiosks' area: the kiosks' own signs go there). */
  signZones: string[];
  rates: SoakRates;
  fleet: EdgeFleet;
  help: HelpTracker;
  scheduler: Scheduler;
  random: SeededRandom;
}): { signs: Record<MeasuredKind, { measured: number; load: number }> } {
  const { cameras, rates, fleet, scheduler, random } = deps;
  const signs = { 'help-request': { measured: 0, load: 0 }, fall: { measured: 0, load: 0 } };
  for (const camera of cameras) {
    const max = QUEUE_ZONE.test(camera.zoneId) ? 14 : 6;
    let level = random.next() * max;
    let count = Math.round(level);
    scheduler.every(LEVEL_EVERY_S, () => void (level = random.next() * max));
    scheduler.every(rates.countEveryS, () => {
      const up = count < level ? 0.35 : 0.15;
      const down = count > level ? 0.35 : 0.15;
      const u = random.next();
      count = Math.max(0, count + (u < up ? 1 : u < up + down ? -1 : 0));
      fleet.publish(camera.sourceId, 'tp.queue.observed', {
        zoneId: camera.zoneId, count, waitEstimateS: count * 45, confidence: Math.round((0.8 + 0.15 * random.next()) * 100) / 100, windowS: 10,
      });
    });
    scheduler.every(rates.statusEveryS, () => fleet.publishStatus(camera.sourceId));
  }

  const cameraOf = new Map(cameras.map((camera) => [camera.zoneId, camera.sourceId]));
  const sign = (kind: MeasuredKind) => {
    const pickOne = (zones: string[]) => zones[Math.floor(random.next() * zones.length)]!;
    const free = deps.help.freeZone(kind, deps.signZones, pickOne);
    const zoneId = free ?? pickOne(deps.signZones);
    const severity = kind === 'fall' ? 'high' : random.next() < 0.3 ? 'low' : 'medium';
    const sentAt = performance.now();
    fleet.publish(cameraOf.get(zoneId)!, 'tp.distress.detected', { zoneId, kind, severity, confidence: 0.8, durationS: kind === 'fall' ? 4 : 0 });
    if (free) deps.help.measured(kind, zoneId, sentAt);
    signs[kind][free ? 'measured' : 'load']++;
  };
  if (deps.signZones.length > 0) {
    scheduler.poisson(rates.helpRequestsPerS, () => sign('help-request'));
    scheduler.poisson(rates.fallsPerS, () => sign('fall'));
  }
  return { signs };
}
