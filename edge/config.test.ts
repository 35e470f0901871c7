import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEdgeConfig, parseEdgeConfig } from './config.ts';

const minimal = {
  branchId: 'b001',
  nodeId: 'cam-lobby-1',
  broker: { url: 'mqtt://hub.local:1883', username: 'b001.edge.cam-lobby-1', password: 'secret' },
  cameras: [{ id: 'cam-lobby-1', source: 'rtsp://10.0.0.5/stream1', zones: [{ id: 'lobby', polygon: [[0, 0], [1, 0], [1, 1]] }] }],
};

describe('edge config', () => {
  it('fills in defaults that are safe for privacy (no expressions) and for a small CPU', () => {
    const config = parseEdgeConfig(minimal);
    expect(config.detection).toMatchObject({ expressions: false, workers: 2 });
    expect(config.cameras[0]).toMatchObject({ fps: 5, width: 640, height: 480, masks: [], loop: false });
    expect(config.cameras[0]!.zones[0]).toMatchObject({ queue: false, expressions: false });
    expect(config.distress.fall.minDurationS).toBe(1);
  });

  it('reports every problem at once, with its place in the file', () => {
    const bad = {
      ...minimal,
      nodeId: 'Cam 1',
      broker: { url: 'http://hub', username: 'x' },
      cameras: [{ id: 'c1', source: 'a.mp4', zones: [{ id: 'lobby', polygon: [[0, 0], [2, 0]] }] }, { id: 'c1', source: 'b.mp4', zones: [] }],
    };
    expect(() => parseEdgeConfig(bad, {})).toThrow(/nodeId[\s\S]*broker\.url[\s\S]*cameras\.0\.zones\.0\.polygon[\s\S]*cameras\.1\.zones/);
  });

  it('allows a node that watches only kiosks, with telemetry defaults, and refuses one that watches nothing', () => {
    const { cameras: _cameras, ...noCameras } = minimal;
    const kioskOnly = parseEdgeConfig({ ...noCameras, kiosks: [{ id: 'kiosk-1', zoneId: 'kiosk-area' }] });
    expect(kioskOnly.cameras).toEqual([]);
    expect(kioskOnly.kioskTelemetry).toEqual({ host: '0.0.0.0', port: 8791, allowedOrigins: ['*'] });
    expect(kioskOnly.kioskAnalysis.friction).toMatchObject({ backs: 3, sameError: 3, noProgressS: 60 });
    expect(parseEdgeConfig(minimal).kiosks).toEqual([]);
    expect(() => parseEdgeConfig(noCameras)).toThrow('cameras: an edge node needs at least one camera or one kiosk');
  });

  it('reports kiosk mistakes with their place: a repeated id, a bad zone id, an origin with a path', () => {
    const bad = {
      ...minimal,
      kiosks: [{ id: 'kiosk-1', zoneId: 'kiosk-area' }, { id: 'kiosk-1', zoneId: 'Kiosk Area' }],
      kioskTelemetry: { allowedOrigins: ['http://hub.branch.lan:8080/kiosk/'] },
    };
    expect(() => parseEdgeConfig(bad)).toThrow(/kiosks\.1\.zoneId[\s\S]*kioskTelemetry\.allowedOrigins\.0: an origin such as/);
    expect(() => parseEdgeConfig({ ...minimal, kiosks: [bad.kiosks[0], bad.kiosks[0]] })).toThrow('kiosks.1.id: kiosk id kiosk-1 is used twice');
  });

  it('takes the broker password from TP_EDGE_PASSWORD when the file has none', () => {
    const { broker: { password: _password, ...broker } } = minimal;
    expect(parseEdgeConfig({ ...minimal, broker }, { TP_EDGE_PASSWORD: 'from-env' }).broker.password).toBe('from-env');
    expect(() => parseEdgeConfig({ ...minimal, broker }, {})).toThrow('TP_EDGE_PASSWORD');
  });

  it('resolves video files next to the config file and leaves URLs and devices alone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tp-edge-config-'));
    const file = path.join(dir, 'edge.json');
    const camera = minimal.cameras[0]!;
    writeFileSync(file, JSON.stringify({ ...minimal, cameras: [{ ...camera, id: 'a', source: 'clips/lobby.mp4' }, { ...camera, id: 'b' }, { ...camera, id: 'c', source: '/dev/video0' }] }));
    expect(loadEdgeConfig(file).cameras.map((c) => c.source)).toEqual([path.join(dir, 'clips/lobby.mp4'), 'rtsp://10.0.0.5/stream1', '/dev/video0']);
  });
});
