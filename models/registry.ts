/**
 * The model registry: `manifest.json` lists every model we load (files, sha256, source package,
 * input size, licence, purpose). Files are read from the installed npm packages — never from the
 * network — and each one's sha256 is checked before any byte of it reaches a model.
 * No tfjs here: this module only finds, reads and verifies files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const MODEL_NAMES = ['centernet', 'tiny-face-detector', 'face-expression', 'movenet-lightning'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

const modelFileSchema = z.strictObject({
  path: z.string().min(1).describe('relative to node_modules, e.g. @vladmandic/human/models/centernet.bin'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex sha256'),
});

const modelEntrySchema = z.strictObject({
  name: z.enum(MODEL_NAMES),
  purpose: z.string().min(1),
  format: z.enum(['tfjs-graph-model', 'face-api-weights']),
  package: z.string().min(1),
  version: z.string().min(1),
  licence: z.string().min(1),
  upstream: z.string().min(1),
  input: z.strictObject({ width: z.number().int().positive(), height: z.number().int().positive(), channels: z.number().int().positive(), range: z.string(), note: z.string() }),
  card: z.string().min(1),
  files: z.array(modelFileSchema).min(1),
});

export const manifestSchema = z.strictObject({
  $comment: z.string().optional(),
  models: z.array(modelEntrySchema).min(1),
});

export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ModelManifest = z.infer<typeof manifestSchema>;

const HERE = dirname(fileURLToPath(import.meta.url));
export const MANIFEST_PATH = join(HERE, 'manifest.json');

/** A model file is missing or is not the file the manifest pinned: it is never loaded. */
export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
}

export function parseManifest(json: unknown): ModelManifest {
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid model manifest:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function readManifest(file = MANIFEST_PATH): ModelManifest {
  return parseManifest(JSON.parse(readFileSync(file, 'utf8')));
}

export function modelEntry(manifest: ModelManifest, name: ModelName): ModelEntry {
  const entry = manifest.models.find((model) => model.name === name);
  if (!entry) throw new Error(`model ${name} is not in the manifest`);
  return entry;
}

/** Node's own lookup: the nearest `node_modules` above this folder that holds `relative`. */
export function findInNodeModules(relative: string, from = HERE): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

function installedVersion(pkg: string, from: string): string | null {
  const file = findInNodeModules(join(pkg, 'package.json'), from);
  if (!file) return null;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

export interface ReadOptions {
  manifest?: ModelManifest;
  /** Where to start looking for node_modules (default: this folder). */
  from?: string;
}

/**
 * Reads every file of a model and checks its sha256 against the manifest.
 * Resolves to the file contents by manifest path; throws ModelIntegrityError on any mismatch.
 */
export async function readVerifiedFiles(name: ModelName, options: ReadOptions = {}): Promise<Map<string, Uint8Array>> {
  const manifest = options.manifest ?? readManifest();
  const from = options.from ?? HERE;
  const entry = modelEntry(manifest, name);
  const files = new Map<string, Uint8Array>();
  for (const file of entry.files) {
    const absolute = findInNodeModules(file.path, from);
    if (!absolute) throw new ModelIntegrityError(`model ${name}: ${file.path} is not installed (expected from ${entry.package}@${entry.version}); run npm install`);
    const bytes = await readFile(absolute);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== file.sha256) {
      const version = installedVersion(entry.package, from);
      throw new ModelIntegrityError(
        `model ${name}: refusing to load ${absolute}: sha256 ${actual} does not match the manifest (${file.sha256}); ` +
          `manifest pins ${entry.package}@${entry.version}, installed ${version ?? 'unknown'}. ` +
          'Review the model card and update models/manifest.json only if the new file is intended.',
      );
    }
    files.set(file.path, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return files;
}
