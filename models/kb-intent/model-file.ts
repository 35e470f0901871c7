/**
 * The shipped model file (`kb-intent.json`): one JSON document, readable enough to inspect (needs,
 * terms and biases in the clear) and small enough for the repository (≈ 2 MB).
 *
 * The weights are int8, quantised per need: `weight = q × scales[need]`, with
 * `scales[need] = max |weight of that need| / 127`. Each weight is then within ½ step of its
 * need's scale; float32 weights would be 4× the size for a top-1 that int8 changes on only a
 * handful of the training questions (the trainer reports how many). `weights` is base64 of the int8
 * array in feature-major order (`q[term × needs + need]`), `idf` base64 of float32 in little-endian
 * order (the byte order of every platform Node runs on). Encoding uses no clock and no randomness:
 * the same model gives the same bytes.
 */
import { z } from 'zod';
import { FEATURE_VERSION } from './features.ts';
import { NEEDS } from './needs.ts';
import { vocabularyOf, type Vocabulary } from './tfidf.ts';
import type { IntentModel } from './train.ts';

export const MODEL_FORMAT = 'touchpoint-kb-intent/1';

const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  featureVersion: z.string().describe('features.ts FEATURE_VERSION the model was trained with'),
  needs: z.array(z.string()).describe('softmax class i is needs[i]'),
  terms: z.array(z.string()),
  idf: z.string().describe('base64, float32 little-endian, one per term'),
  bias: z.array(z.number()),
  scales: z.array(z.number().nonnegative()).describe('int8 step per need'),
  weights: z.string().describe('base64, int8, terms × needs, feature-major'),
});

/** What the classifier runs: the vocabulary and the int8 weights with their per-need scales. */
export interface QuantisedIntentModel {
  needs: readonly string[];
  vocabulary: Vocabulary;
  bias: Float64Array;
  scales: Float64Array;
  weights: Int8Array;
}

export function quantise(model: IntentModel): QuantisedIntentModel {
  const { classCount, weights } = model.softmax;
  const scales = new Float64Array(classCount);
  for (let i = 0; i < weights.length; i++) scales[i % classCount] = Math.max(scales[i % classCount]!, Math.abs(weights[i]!));
  for (let c = 0; c < classCount; c++) scales[c]! /= 127;
  const quantised = Int8Array.from(weights, (weight, i) => (scales[i % classCount] === 0 ? 0 : Math.round(weight / scales[i % classCount]!)));
  return { needs: NEEDS, vocabulary: model.vocabulary, bias: Float64Array.from(model.softmax.bias), scales, weights: quantised };
}

export function encodeModelFile(model: QuantisedIntentModel): string {
  const file: z.infer<typeof modelFileSchema> = {
    format: MODEL_FORMAT,
    featureVersion: FEATURE_VERSION,
    needs: [...model.needs],
    terms: [...model.vocabulary.terms],
    idf: Buffer.from(model.vocabulary.idf.buffer, model.vocabulary.idf.byteOffset, model.vocabulary.idf.byteLength).toString('base64'),
    bias: Array.from(model.bias),
    scales: Array.from(model.scales),
    weights: Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength).toString('base64'),
  };
  // One line per field keeps the file diffable where it can be (needs, biases) without padding the arrays.
  return `{\n${Object.entries(file).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(',\n')}\n}\n`;
}

/** Parses and checks a model file; throws with every problem named rather than mispredicting later. */
export function decodeModelFile(text: string): QuantisedIntentModel {
  const parsed = modelFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`invalid kb-intent model: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const file = parsed.data;
  if (file.featureVersion !== FEATURE_VERSION) {
    throw new Error(`kb-intent model was trained with features ${file.featureVersion}, this code extracts ${FEATURE_VERSION}: retrain (npm run train -- kb)`);
  }
  const idfBytes = Buffer.from(file.idf, 'base64');
  const weightBytes = Buffer.from(file.weights, 'base64');
  const classCount = file.needs.length;
  const problems = [
    file.bias.length !== classCount && 'bias length',
    file.scales.length !== classCount && 'scales length',
    idfBytes.length !== file.terms.length * 4 && 'idf length',
    weightBytes.length !== file.terms.length * classCount && 'weights length',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`invalid kb-intent model: ${problems.join(', ')} do not match ${file.terms.length} terms × ${classCount} needs`);
  // Copies, so the arrays are aligned and own their memory whatever Buffer pooled.
  const idf = new Float32Array(new Uint8Array(idfBytes).buffer);
  const weights = new Int8Array(new Uint8Array(weightBytes).buffer);
  return { needs: file.needs, vocabulary: vocabularyOf(file.terms, idf), bias: Float64Array.from(file.bias), scales: Float64Array.from(file.scales), weights };
}
