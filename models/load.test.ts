/** In-process: the backend is local and model loading never touches the network. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { initBackend, tf, wasmDistPath } from './backend.ts';
import { CenternetPersonDetector } from './centernet.ts';
import { FaceDetector } from './faces.ts';

describe('backend and loaders', () => {
  const fetchSpy = vi.fn(() => {
    throw new Error('no network at run time');
  });
  const realFetch = globalThis.fetch;
  beforeAll(() => {
    globalThis.fetch = fetchSpy as unknown as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  test('wasm binaries come from the installed package', () => {
    const dist = wasmDistPath();
    expect(dist).toMatch(/node_modules\/@tensorflow\/tfjs-backend-wasm\/dist\/$/);
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) expect(existsSync(dist + file)).toBe(true);
  });

  test('picks a backend, loads the models from local files, never fetches', async () => {
    const backend = await initBackend();
    expect(['wasm', 'tensorflow']).toContain(backend);
    expect(tf.getBackend()).toBe(backend);
    const persons = new CenternetPersonDetector();
    const faces = new FaceDetector();
    await persons.load();
    await faces.load();
    expect([...persons.loadedModels(), ...faces.loadedModels()]).toEqual(['centernet', 'tiny-face-detector']);
    const grey = tf.fill([360, 640, 3], 128, 'int32') as tf.Tensor3D;
    expect(await persons.detect(grey)).toEqual([]);
    expect(await faces.detect(grey)).toEqual([]);
    grey.dispose();
    persons.dispose();
    faces.dispose();
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
