/**
 * Turns verified model files into tfjs objects, entirely in memory: graph models through
 * `tf.io.fromMemory` (no fetch, no file:// URL), face-api weights through `tf.io.decodeWeights`.
 * Every byte passes `readVerifiedFiles` (sha256 against the manifest) first.
 */
import { tf } from './backend.ts';
import { modelEntry, readManifest, readVerifiedFiles, type ModelName, type ReadOptions } from './registry.ts';

interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

function parseJson<T>(bytes: Uint8Array, what: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (error) {
    throw new Error(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The weight shards a tfjs manifest names, concatenated in order, taken from the verified files. */
function weightData(groups: WeightsGroup[], files: Map<string, Uint8Array>, jsonPath: string): ArrayBuffer {
  const folder = jsonPath.slice(0, jsonPath.lastIndexOf('/') + 1);
  const shards = groups.flatMap((group) => group.paths).map((shard) => {
    const bytes = files.get(folder + shard);
    if (!bytes) throw new Error(`${jsonPath} names weight file ${shard}, which the model manifest does not list (so it is not verified)`);
    return bytes;
  });
  const total = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    joined.set(shard, offset);
    offset += shard.byteLength;
  }
  return joined.buffer;
}

function jsonFile(name: ModelName, options: ReadOptions): string {
  const entry = modelEntry(options.manifest ?? readManifest(), name);
  const json = entry.files.find((file) => file.path.endsWith('.json'));
  if (!json) throw new Error(`model ${name}: the manifest lists no .json file`);
  return json.path;
}

/** A tfjs graph model (e.g. CenterNet) from verified local files. */
export async function loadGraphModel(name: ModelName, options: ReadOptions = {}): Promise<tf.GraphModel> {
  const manifest = options.manifest ?? readManifest();
  const files = await readVerifiedFiles(name, { ...options, manifest });
  const jsonPath = jsonFile(name, { manifest });
  const model = parseJson<{ modelTopology: object; weightsManifest: WeightsGroup[]; format?: string; generatedBy?: string; convertedBy?: string; signature?: object }>(files.get(jsonPath)!, jsonPath);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((group) => group.weights),
    weightData: weightData(model.weightsManifest, files, jsonPath),
    ...(model.format ? { format: model.format } : {}),
    ...(model.generatedBy ? { generatedBy: model.generatedBy } : {}),
    ...(model.convertedBy ? { convertedBy: model.convertedBy } : {}),
    ...(model.signature ? { signature: model.signature } : {}),
  };
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}

/** The named weight tensors of a face-api net (its `-weights_manifest.json` + `.bin`), for `loadFromWeightMap`. */
export async function loadWeightMap(name: ModelName, options: ReadOptions = {}): Promise<tf.NamedTensorMap> {
  const manifest = options.manifest ?? readManifest();
  const files = await readVerifiedFiles(name, { ...options, manifest });
  const jsonPath = jsonFile(name, { manifest });
  const groups = parseJson<WeightsGroup[]>(files.get(jsonPath)!, jsonPath);
  return tf.io.decodeWeights(weightData(groups, files, jsonPath), groups.flatMap((group) => group.weights));
}
