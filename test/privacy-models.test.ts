/**
 * Expression analysis off means no face or expression weights are ever read — checked where the
 * weights are read. The detection workers get a model manifest whose face-api entries point at
 * files that do not exist: any attempt to read them fails the worker's start. With the defaults,
 * and with the branch switch on but no zone opting in (edge/README.md: expressions need both),
 * the pool a node builds starts and holds CenterNet alone. The controls: the same poisoned entry
 * does stop a pool that needs it, and with both switches on the node's pool asks for both face models.
 * (test/privacy-edge.test.ts shows the same at the operating system: a node's process never opens them.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseEdgeConfig, type EdgeConfig } from '../edge/config.ts';
import { wantsFaces } from '../edge/node.ts';
import { DetectorPool } from '../edge/pipeline/detect.ts';
import { readManifest, type ModelManifest, type ModelName } from '../models/registry.ts';

const WHOLE_FRAME = [[0, 0], [1, 0], [1, 1], [0, 1]];

/** A node's config: the branch switch and whether its one zone opts in. */
function nodeConfig(branch: boolean | undefined, zone: boolean | undefined): EdgeConfig {
  return parseEdgeConfig({
    branchId: 'b001', nodeId: 'cam-1', broker: { url: 'mqtt://localhost', username: 'u', password: 'p' },
    detection: { workers: 1, ...(branch === undefined ? {} : { expressions: branch }) },
    cameras: [{ id: 'cam-1', source: '/dev/null', zones: [{ id: 'lobby', polygon: WHOLE_FRAME, ...(zone === undefined ? {} : { expressions: zone }) }] }],
  });
}

/** The manifest with these models' files moved to where nothing is installed. */
function poisoned(...names: ModelName[]): ModelManifest {
  const manifest = structuredClone(readManifest());
  for (const model of manifest.models) {
    if (names.includes(model.name)) model.files = model.files.map((file) => ({ ...file, path: `@touchpoint/never-installed/${file.path.split('/').pop()}` }));
  }
  return manifest;
}

/** The detector pool `startEdgeNode` builds for this config (edge/node.ts), on the given manifest. */
function poolFor(config: EdgeConfig, manifest: ModelManifest): DetectorPool {
  const faces = wantsFaces(config);
  return new DetectorPool({ workers: 1, persons: true, faces, expressions: faces, minPersonScore: config.detection.minPersonScore, manifest });
}

let pool: DetectorPool | null = null;
afterEach(async () => {
  await pool?.stop();
  pool = null;
});

describe('expression analysis and the face models', () => {
  it('needs both the branch switch and a zone that opts in', () => {
    expect(wantsFaces(nodeConfig(undefined, undefined))).toBe(false); // the defaults
    expect(wantsFaces(nodeConfig(true, undefined))).toBe(false);
    expect(wantsFaces(nodeConfig(true, false))).toBe(false);
    expect(wantsFaces(nodeConfig(false, true))).toBe(false);
    expect(wantsFaces(nodeConfig(true, true))).toBe(true);
  });

  it.each([
    ['the defaults', undefined, undefined],
    ['the branch switch on, no zone opting in', true, undefined],
    ['a zone opting in, the branch switch off', false, true],
  ] as const)('with %s, the face and expression weights are never read', { timeout: 60_000 }, async (_what, branch, zone) => {
    pool = poolFor(nodeConfig(branch, zone), poisoned('tiny-face-detector', 'face-expression'));
    const started = await pool.start();
    expect(started.models).toEqual(['centernet']);
    expect(pool.loadedModels()).toEqual([['centernet']]);
  });

  it('control: a pool that needs a poisoned model does not start', { timeout: 60_000 }, async () => {
    pool = new DetectorPool({ workers: 1, persons: false, faces: true, expressions: true, manifest: poisoned('face-expression') });
    await expect(pool.start()).rejects.toThrow(/model face-expression: .*face_expression_model.* is not installed/);
  });

  it('control: with both switches on the pool a node builds asks for both face models; faces alone never read the expression net', { timeout: 60_000 }, async () => {
    pool = poolFor(nodeConfig(true, true), readManifest());
    expect(pool.options).toMatchObject({ faces: true, expressions: true });
    await pool.stop();
    // Faces without expressions never read the expression net either.
    pool = new DetectorPool({ workers: 1, persons: false, faces: true, expressions: false, manifest: poisoned('face-expression') });
    expect((await pool.start()).models).toEqual(['tiny-face-detector']);
  });
});
