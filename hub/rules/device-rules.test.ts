import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeState } from '../bus.ts';
import { alertStory } from '../alerts/alert-steps.ts';
import { only, rulesKit, type RulesKit } from '../../test/helpers/rules-kit.ts';

let kit: RulesKit;
beforeEach(async () => {
  kit = await rulesKit();
});
afterEach(() => kit.close());

const node = (online: boolean, state: string): NodeState => ({
  sourceKind: 'edge', sourceId: 'edge-1', online, lastSeenAt: new Date(kit.now()).toISOString(), cameras: [{ cameraId: 'cam-lobby', state }],
});
const cameraAlerts = () => kit.alerts.open().filter((alert) => alert.kind === 'camera-offline');

describe('camera rule (default: failing 60 s)', () => {
  it('opens one alert for a camera stalled long enough and closes it when the camera is ok', async () => {
    kit.live.nodes = [node(true, 'stalled')];
    await kit.advance(59);
    expect(cameraAlerts()).toEqual([]);
    kit.live.nodes = [node(true, 'restarting')];
    await kit.advance(30);
    expect(cameraAlerts()).toEqual([expect.objectContaining({
      sourceId: 'edge-1', ruleId: 'camera-offline', needsPerson: false, reason: { en: 'Camera cam-lobby on edge-1 is restarting', zh: 'edge-1的摄像头cam-lobby正在重启' },
    })]);
    const alert = only(cameraAlerts());
    kit.live.nodes = [node(true, 'ok')];
    await kit.advance(1);
    expect(cameraAlerts()).toEqual([]);
    expect(await kit.alerts.get(alert.id)).toMatchObject({ resolvedBy: 'auto' });
    expect((await alertStory(kit.db, alert.id)).map((step) => step.kind)).toEqual(['opened', 'auto-closed']);
  });

  it('leaves the cameras of an offline node to the node alert', async () => {
    kit.live.nodes = [node(false, 'offline')];
    await kit.advance(120);
    expect(cameraAlerts()).toEqual([]);
  });

  it('resumes after a restart and closes when the camera is back', async () => {
    kit.live.nodes = [node(true, 'offline')];
    await kit.advance(60);
    await kit.restart();
    await kit.advance(10);
    expect(cameraAlerts()).toHaveLength(1);
    kit.live.nodes = [node(true, 'ok')];
    await kit.advance(1);
    expect(cameraAlerts()).toEqual([]);
  });
});

describe('node-offline rule', () => {
  it('opens when a node goes offline and closes by itself when it is back', async () => {
    await kit.receive('tp.edge.status', 'edge-1', { online: false });
    await kit.receive('tp.edge.status', 'edge-1', { online: false });
    const alert = only(kit.alerts.open());
    expect(alert).toMatchObject({ kind: 'edge-offline', sourceId: 'edge-1', ruleId: 'node-offline', reason: { en: 'Edge node edge-1 is offline', zh: '边缘节点edge-1已离线' } });
    await kit.receive('tp.edge.status', 'edge-1', { online: true });
    expect(kit.alerts.open()).toEqual([]);
    expect(await kit.alerts.get(alert.id)).toMatchObject({ status: 'resolved', resolvedBy: 'auto' });
  });
});
