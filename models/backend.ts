/**
 * Picks the tfjs backend once per thread: `@tensorflow/tfjs-node` ('tensorflow', native) when it is
 * installed and loads — it is an optional dependency that cannot install on every machine — else
 * `@tensorflow/tfjs` with the WebAssembly backend ('wasm', SIMD, one thread: use worker threads
 * for more cores). The .wasm binaries are read from the installed package's dist folder, never a CDN.
 * Nothing happens at import: call `initBackend()`.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Logger } from 'pino';

export type BackendName = 'tensorflow' | 'wasm';
export type BackendPreference = 'auto' | BackendName;

const TFJS_NODE = '@tensorflow/tfjs-node';

let selected: Promise<BackendName> | null = null;

/** The dist folder of the installed tfjs-backend-wasm, with a trailing slash (what setWasmPaths wants). */
export function wasmDistPath(): string {
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return `${dirname(entry)}/`;
}

async function tryTensorflow(log?: Pick<Logger, 'info' | 'debug'>): Promise<boolean> {
  try {
    // A variable specifier: the package is optional, so neither tsc nor a bundler may insist on it.
    const specifier = TFJS_NODE;
    await import(specifier);
    return await tf.setBackend('tensorflow');
  } catch (error) {
    log?.debug({ reason: (error as Error).message.split('\n')[0] }, 'tfjs-node is not available; using the wasm backend');
    return false;
  }
}

async function select(prefer: BackendPreference, log?: Pick<Logger, 'info' | 'debug'>): Promise<BackendName> {
  if (prefer !== 'wasm' && (await tryTensorflow(log))) {
    await tf.ready();
    log?.info({ backend: 'tensorflow' }, 'tfjs backend');
    return 'tensorflow';
  }
  if (prefer === 'tensorflow') throw new Error('tfjs backend "tensorflow" was asked for, but @tensorflow/tfjs-node does not load on this machine');
  setWasmPaths(wasmDistPath());
  if (!(await tf.setBackend('wasm'))) throw new Error(`the tfjs wasm backend failed to initialise (wasm files in ${wasmDistPath()})`);
  await tf.ready();
  log?.info({ backend: 'wasm', simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') }, 'tfjs backend');
  return 'wasm';
}

/**
 * Selects and initialises the backend for this thread; later calls return the same answer
 * (a thread has one tfjs engine). Rejects when no backend works.
 */
export function initBackend(prefer: BackendPreference = 'auto', log?: Pick<Logger, 'info' | 'debug'>): Promise<BackendName> {
  selected ??= select(prefer, log).catch((error: unknown) => {
    selected = null;
    throw error;
  });
  return selected;
}

export { tf };
