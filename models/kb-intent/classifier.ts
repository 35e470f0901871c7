/**
 * The kiosk side: a customer's question (English, Chinese or both) → the most likely BANKING77
 * needs with softmax probabilities. Loaded once from the shipped model file; a question then costs
 * well under a millisecond (its ~100 terms × 77 int8 weights), with no network and no native code.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractTerms } from './features.ts';
import { hiddenPreActivations, outputLogits } from './hidden-layer.ts';
import { decodeModelFile, type QuantisedIntentModel } from './model-file.ts';
import { softmaxInPlace } from './softmax-regression.ts';
import { vectorize } from './tfidf.ts';

export const DEFAULT_MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), 'kb-intent.json');

export interface RankedNeed {
  need: string;
  /** Softmax probability; the confidences of all 77 needs sum to 1. */
  confidence: number;
}

export class IntentClassifier {
  readonly #model: QuantisedIntentModel;

  constructor(model: QuantisedIntentModel) {
    this.#model = model;
  }

  /**
   * The `limit` most likely needs, best first. A question with no known term (blank, emoji, another
   * topic's words) still gets an answer — the needs' priors, all with a low confidence — so callers
   * must apply their own "not sure" threshold to the top confidence.
   */
  classify(text: string, limit: number): RankedNeed[] {
    const probabilities = this.probabilities(text);
    return Array.from(probabilities, (confidence, i) => ({ need: this.#model.needs[i]!, confidence }))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, Math.max(0, limit));
  }

  /** All needs' probabilities, in the order of the model's `needs`. */
  probabilities(text: string): Float64Array {
    const { needs, vocabulary, bias, scales, weights, hidden } = this.#model;
    const classCount = needs.length;
    const vector = vectorize(extractTerms(text), vocabulary);
    const sums = new Float64Array(classCount);
    for (let k = 0; k < vector.indices.length; k++) {
      const row = vector.indices[k]! * classCount;
      const value = vector.values[k]!;
      for (let c = 0; c < classCount; c++) sums[c]! += value * weights[row + c]!;
    }
    for (let c = 0; c < classCount; c++) sums[c] = bias[c]! + scales[c]! * sums[c]!;
    if (hidden) {
      // The mean of the two models' logits (see train.ts predictIntent).
      const units = new Float64Array(hidden.units);
      hiddenPreActivations(hidden.inputWeights, hidden.bias, hidden.units, vector, units, hidden.scales);
      const hiddenScores = new Float64Array(classCount);
      outputLogits({ hiddenCount: hidden.units, classCount, outputWeights: hidden.outputWeights, outputBias: hidden.outputBias }, units, hiddenScores);
      for (let c = 0; c < classCount; c++) sums[c] = (sums[c]! + hiddenScores[c]!) / 2;
    }
    softmaxInPlace(sums);
    return sums;
  }
}

export async function loadIntentClassifier(file = DEFAULT_MODEL_PATH): Promise<IntentClassifier> {
  return new IntentClassifier(decodeModelFile(await readFile(file, 'utf8')));
}

let shipped: Promise<IntentClassifier> | null = null;

/** The shipped model, read once per process (it is immutable; a process that starts several hubs shares it). */
export function shippedIntentClassifier(): Promise<IntentClassifier> {
  shipped ??= loadIntentClassifier().catch((error: unknown) => {
    shipped = null;
    throw error;
  });
  return shipped;
}
