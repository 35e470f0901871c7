/**
 * A camera that stays stalled, restarting or offline for `forS` opens one `camera-offline` alert
 * (the edge node reports each camera's state in `tp.edge.status`); it closes by itself when the
 * camera reports `ok` again, or is no longer in the node's list. While the whole node is offline
 * its own `edge-offline` alert speaks for its cameras, so none is opened for them.
 */
import type { AlertService } from '../alerts/alert-service.ts';
import type { NodeState } from '../bus.ts';
import { cameraReason } from './alert-text.ts';
import { RULE_IDS, type RuleSet } from './rule-set.ts';

const FAILING = new Set(['stalled', 'restarting', 'offline']);

export interface CameraRuleDeps {
  alerts: Pick<AlertService, 'raise' | 'clear' | 'openKeys'>;
  nodes: () => NodeState[];
  rules: () => RuleSet;
}

const keyOf = (sourceId: string, cameraId: string) => `${RULE_IDS.camera}:${sourceId}:${cameraId}`;

export class CameraRule {
  /** Cameras with an alert raised that have not come back, by key. */
  readonly #failing = new Set<string>();
  /** When a camera started failing, by key. */
  readonly #since = new Map<string, number>();

  constructor(private readonly deps: CameraRuleDeps) {}

  restore(): void {
    for (const key of this.deps.alerts.openKeys(RULE_IDS.camera)) this.#failing.add(key);
  }

  async evaluate(nowMs: number): Promise<void> {
    const rule = this.deps.rules().camera;
    const seen = new Set<string>();
    for (const node of this.deps.nodes()) {
      for (const camera of node.cameras) {
        const key = keyOf(node.sourceId, camera.cameraId);
        seen.add(key);
        if (!node.online) continue;
        if (camera.state === 'ok' || !rule.enabled) await this.#end(key);
        else if (!FAILING.has(camera.state)) this.#since.delete(key);
        else if (!this.#failing.has(key)) {
          // A start after now: the clock went back since; the condition counts from now.
          const since = Math.min(this.#since.get(key) ?? nowMs, nowMs);
          this.#since.set(key, since);
          if (nowMs - since < rule.forS * 1000) continue;
          this.#failing.add(key);
          await this.deps.alerts.raise({
            dedupKey: key, ruleId: RULE_IDS.camera, kind: 'camera-offline', severity: 'medium', zoneId: null, sourceId: node.sourceId,
            needsPerson: rule.needsPerson, reason: cameraReason(node.sourceId, camera.cameraId, camera.state), suggestion: null,
          });
        }
      }
    }
    // A camera removed from its node's configuration has nothing left to report.
    for (const key of [...this.#failing, ...this.#since.keys()]) if (!seen.has(key)) await this.#end(key);
  }

  async #end(key: string): Promise<void> {
    this.#since.delete(key);
    if (!this.#failing.delete(key)) return;
    await this.deps.alerts.clear(key);
  }
}
