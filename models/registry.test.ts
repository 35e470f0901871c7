import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadGraphModel, loadWeightMap } from './load.ts';
import { MANIFEST_PATH, MODEL_NAMES, ModelIntegrityError, parseManifest, readManifest, readVerifiedFiles, type ModelManifest } from './registry.ts';

/** A copy of the real manifest with one byte of one file's sha256 changed. */
function tampered(name: string, fileIndex = 1): ModelManifest {
  const manifest = structuredClone(readManifest());
  const file = manifest.models.find((m) => m.name === name)!.files[fileIndex]!;
  file.sha256 = (file.sha256[0] === '0' ? '1' : '0') + file.sha256.slice(1);
  return manifest;
}

describe('model manifest', () => {
  test('lists every model we load, with a card, a licence and a source package', () => {
    const manifest = readManifest();
    expect(manifest.models.map((m) => m.name).sort()).toEqual([...MODEL_NAMES].sort());
    for (const model of manifest.models) {
      expect(existsSync(join(dirname(MANIFEST_PATH), model.card)), model.card).toBe(true);
      expect(model.licence).toMatch(/MIT/);
      expect(model.files.every((f) => f.path.startsWith(`${model.package}/`))).toBe(true);
    }
  });

  test('every installed file matches its sha256', async () => {
    for (const name of MODEL_NAMES) {
      const files = await readVerifiedFiles(name);
      expect(files.size).toBe(2);
    }
  });

  test('a file whose sha256 differs is refused, with what and why', async () => {
    const manifest = tampered('centernet');
    const refused = readVerifiedFiles('centernet', { manifest });
    await expect(refused).rejects.toBeInstanceOf(ModelIntegrityError);
    await expect(refused).rejects.toThrow(/refusing to load .*centernet\.bin: sha256 [0-9a-f]{64} does not match the manifest .*@vladmandic\/human@3\.3\.6/);
  });

  test('the loaders refuse a mismatch before building anything', async () => {
    await expect(loadGraphModel('centernet', { manifest: tampered('centernet', 0) })).rejects.toBeInstanceOf(ModelIntegrityError);
    await expect(loadWeightMap('face-expression', { manifest: tampered('face-expression') })).rejects.toBeInstanceOf(ModelIntegrityError);
  });

  test('a missing file is refused with a clear message', async () => {
    const manifest = structuredClone(readManifest());
    manifest.models[0]!.files[1]!.path = '@vladmandic/human/models/no-such-model.bin';
    await expect(readVerifiedFiles(manifest.models[0]!.name, { manifest })).rejects.toThrow(/no-such-model\.bin is not installed/);
  });

  test('an invalid manifest reports every problem at once', () => {
    const manifest = structuredClone(readManifest()) as unknown as { models: Record<string, unknown>[] };
    manifest.models[0]!.name = 'yolo';
    (manifest.models[1]!.files as { sha256: string }[])[0]!.sha256 = 'abc';
    expect(() => parseManifest(manifest)).toThrow(/models\.0\.name[\s\S]*models\.1\.files\.0\.sha256/);
  });
});
