/**
 * The shipped model file (`kb-intent.json`): one JSON document, readable enough to inspect (needs,
 * terms and biases in the clear) and small enough for the repository (≈ 4.7 MB).
 *
 * The weights are int8, quantised per need: `weight = q × scales[need]`, with
 * `scales[need] = max |weight of that need| / 127`. Each weight is then within ½ step of its
 * need's scale; float32 weights would be 4× the size for a top-1 that int8 changes on only a
 * handful of the training questions (the trainer reports how many). `weights` is base64 of the int8
 * array in feature-major order (`q[term × needs + need]`), `idf` base64 of float32 in little-endian
 * order (the byte order of every platform Node runs on). Encoding uses no clock and no randomness:
 * the same model gives the same bytes.
 *
 * `hidden` holds the hidden-layer network (`hidden-layer.ts`) when the model has one: its input
 * weights int8 with one scale per hidden unit (`inputWeights` base64, `q[term × units + unit]`),
 * the small output layer float32 (`outputWeights`, `[unit × needs + need]`).
 */
import { z } from 'zod';
import { FEATURE_VERSION } from './features.ts';
import { NEEDS } from './needs.ts';
import { vocabularyOf, type Vocabulary } from './tfidf.ts';
import type { IntentModel } from './train.ts';

export const MODEL_FORMAT = 'touchpoint-kb-intent/2';

const hiddenLayerSchema = z.strictObject({
  units: z.number().int().positive(),
  bias: z.array(z.number()).describe('per hidden unit'),
  scales: z.array(z.number().nonnegative()).describe('int8 step per hidden unit'),
  inputWeights: z.string().describe('base64, int8, terms × units, feature-major'),
  outputWeights: z.string().describe('base64, float32 little-endian, units × needs, unit-major'),
  outputBias: z.array(z.number()).describe('per need'),
});

const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  featureVersion: z.string().describe('features.ts FEATURE_VERSION the model was trained with'),
  needs: z.array(z.string()).describe('softmax class i is needs[i]'),
  terms: z.array(z.string()),
  idf: z.string().describe('base64, float32 little-endian, one per term'),
  bias: z.array(z.number()),
  scales: z.array(z.number().nonnegative()).describe('int8 step per need'),
  weights: z.string().describe('base64, int8, terms × needs, feature-major'),
  hidden: hiddenLayerSchema.optional().describe('the hidden-layer network averaged with the linear model'),
});

/** What the classifier runs: the vocabulary and the int8 weights with their per-need scales. */
export interface QuantisedIntentModel {
  needs: readonly string[];
  vocabulary: Vocabulary;
  bias: Float64Array;
  scales: Float64Array;
  weights: Int8Array;
  hidden?: QuantisedHiddenLayer;
}

/** The hidden-layer network: int8 input weights with a scale per unit; the small output layer stays float32. */
export interface QuantisedHiddenLayer {
  units: number;
  bias: Float64Array;
  scales: Float64Array;
  inputWeights: Int8Array;
  outputWeights: Float32Array;
  outputBias: Float64Array;
}

export function quantise(model: IntentModel): QuantisedIntentModel {
  const { scales, quantised } = quantiseColumns(model.softmax.weights, model.softmax.classCount);
  const result: QuantisedIntentModel = { needs: NEEDS, vocabulary: model.vocabulary, bias: Float64Array.from(model.softmax.bias), scales, weights: quantised };
  const hidden = model.hidden;
  if (hidden) {
    const input = quantiseColumns(hidden.inputWeights, hidden.hiddenCount);
    result.hidden = {
      units: hidden.hiddenCount,
      bias: Float64Array.from(hidden.hiddenBias),
      scales: input.scales,
      inputWeights: input.quantised,
      outputWeights: Float32Array.from(hidden.outputWeights),
      outputBias: Float64Array.from(hidden.outputBias),
    };
  }
  return result;
}

/** int8 with one scale per column of a row-major matrix `columns` wide: `max |column| / 127`. */
function quantiseColumns(weights: Float64Array, columns: number): { scales: Float64Array; quantised: Int8Array } {
  const scales = new Float64Array(columns);
  for (let i = 0; i < weights.length; i++) scales[i % columns] = Math.max(scales[i % columns]!, Math.abs(weights[i]!));
  for (let c = 0; c < columns; c++) scales[c]! /= 127;
  const quantised = Int8Array.from(weights, (weight, i) => (scales[i % columns] === 0 ? 0 : Math.round(weight / scales[i % columns]!)));
  return { scales, quantised };
}

const base64Of = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

export function encodeModelFile(model: QuantisedIntentModel): string {
  const file: z.infer<typeof modelFileSchema> = {
    format: MODEL_FORMAT,
    featureVersion: FEATURE_VERSION,
    needs: [...model.needs],
    terms: [...model.vocabulary.terms],
    idf: base64Of(model.vocabulary.idf),
    bias: Array.from(model.bias),
    scales: Array.from(model.scales),
    weights: base64Of(model.weights),
    ...(model.hidden && {
      hidden: {
        units: model.hidden.units,
        bias: Array.from(model.hidden.bias),
        scales: Array.from(model.hidden.scales),
        inputWeights: base64Of(model.hidden.inputWeights),
        outputWeights: base64Of(model.hidden.outputWeights),
        outputBias: Array.from(model.hidden.outputBias),
      },
    }),
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
  const problems: Array<string | false> = [
    file.bias.length !== classCount && 'bias length',
    file.scales.length !== classCount && 'scales length',
    idfBytes.length !== file.terms.length * 4 && 'idf length',
    weightBytes.length !== file.terms.length * classCount && 'weights length',
  ];
  const hidden = file.hidden;
  const inputBytes = hidden && Buffer.from(hidden.inputWeights, 'base64');
  const outputBytes = hidden && Buffer.from(hidden.outputWeights, 'base64');
  if (hidden) {
    problems.push(
      (hidden.bias.length !== hidden.units || hidden.scales.length !== hidden.units) && 'hidden bias or scales length',
      inputBytes!.length !== file.terms.length * hidden.units && 'hidden input weights length',
      outputBytes!.length !== hidden.units * classCount * 4 && 'hidden output weights length',
      hidden.outputBias.length !== classCount && 'hidden output bias length',
    );
  }
  const found = problems.filter(Boolean);
  if (found.length > 0) throw new Error(`invalid kb-intent model: ${found.join(', ')} do not match ${file.terms.length} terms × ${classCount} needs`);
  // Copies, so the arrays are aligned and own their memory whatever Buffer pooled.
  const idf = new Float32Array(new Uint8Array(idfBytes).buffer);
  const weights = new Int8Array(new Uint8Array(weightBytes).buffer);
  const model: QuantisedIntentModel = { needs: file.needs, vocabulary: vocabularyOf(file.terms, idf), bias: Float64Array.from(file.bias), scales: Float64Array.from(file.scales), weights };
  if (hidden) {
    model.hidden = {
      units: hidden.units,
      bias: Float64Array.from(hidden.bias),
      scales: Float64Array.from(hidden.scales),
      inputWeights: new Int8Array(new Uint8Array(inputBytes!).buffer),
      outputWeights: new Float32Array(new Uint8Array(outputBytes!).buffer),
      outputBias: Float64Array.from(hidden.outputBias),
    };
  }
  return model;
}
