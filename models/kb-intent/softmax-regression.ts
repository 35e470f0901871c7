/**
 * Multinomial logistic regression on sparse vectors: one weight per (feature, class) plus a bias per
 * class, fitted by L-BFGS on the whole weighted training set with an L2 penalty on the weights.
 * Linear in the features, so it is fast at the kiosk (a question touches ~100 of the features), it
 * gives calibrated-enough probabilities for a "not sure" threshold, and the loss is convex: training
 * has one answer, reached the same way every time.
 */
import { minimiseLbfgs } from './lbfgs.ts';
import type { SparseVector } from './tfidf.ts';

export interface TrainingExample {
  vector: SparseVector;
  /** Index of the class (need). */
  label: number;
  /** How much this example counts in the loss (1 = normal). */
  weight: number;
}

/** Weights are feature-major (`weights[feature * classCount + class]`): a question reads only its features' rows. */
export interface SoftmaxModel {
  featureCount: number;
  classCount: number;
  weights: Float64Array;
  bias: Float64Array;
}

export interface SoftmaxTrainingOptions {
  /** L2 penalty λ in `mean weighted cross-entropy + λ/2·‖W‖²`; the bias is not penalised. */
  l2: number;
  maxIterations: number;
}

/** Fits the model; the same examples in the same order give the same weights. */
export function trainSoftmax(examples: readonly TrainingExample[], featureCount: number, classCount: number, options: SoftmaxTrainingOptions): SoftmaxModel {
  const weightCount = featureCount * classCount;
  const totalWeight = examples.reduce((sum, example) => sum + example.weight, 0);
  /** One example's logits, then its probabilities, then ∂loss/∂logits (probabilities − one-hot). */
  const scores = new Float64Array(classCount);

  const lossAndGradient = (x: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (const { vector, label, weight } of examples) {
      computeLogits(x, weightCount, classCount, vector, scores);
      const labelLogit = scores[label]!;
      loss += weight * (softmaxInPlace(scores) - labelLogit);
      scores[label]! -= 1;
      const scale = weight / totalWeight;
      for (let c = 0; c < classCount; c++) gradient[weightCount + c]! += scale * scores[c]!;
      for (let k = 0; k < vector.indices.length; k++) {
        const row = vector.indices[k]! * classCount;
        const value = scale * vector.values[k]!;
        for (let c = 0; c < classCount; c++) gradient[row + c]! += value * scores[c]!;
      }
    }
    let penalty = 0;
    for (let i = 0; i < weightCount; i++) {
      penalty += x[i]! * x[i]!;
      gradient[i]! += options.l2 * x[i]!;
    }
    return loss / totalWeight + (options.l2 / 2) * penalty;
  };

  const start = new Float64Array(weightCount + classCount);
  const { x } = minimiseLbfgs(lossAndGradient, start, { maxIterations: options.maxIterations, memory: 10, gradientTolerance: 1e-6, relativeLossTolerance: 1e-7 });
  return { featureCount, classCount, weights: x.subarray(0, weightCount), bias: x.subarray(weightCount) };
}

/** Class probabilities for one vector. */
export function predictProbabilities(model: SoftmaxModel, vector: SparseVector): Float64Array {
  const scores = new Float64Array(model.classCount);
  scores.set(model.bias);
  addWeightedRows(model.weights, model.classCount, vector, scores);
  softmaxInPlace(scores);
  return scores;
}

function computeLogits(x: Float64Array, weightCount: number, classCount: number, vector: SparseVector, logits: Float64Array): void {
  for (let c = 0; c < classCount; c++) logits[c] = x[weightCount + c]!;
  addWeightedRows(x, classCount, vector, logits);
}

function addWeightedRows(weights: ArrayLike<number>, classCount: number, vector: SparseVector, scores: Float64Array): void {
  for (let k = 0; k < vector.indices.length; k++) {
    const row = vector.indices[k]! * classCount;
    const value = vector.values[k]!;
    for (let c = 0; c < classCount; c++) scores[c]! += value * weights[row + c]!;
  }
}

/** Turns scores into probabilities in place; returns log Σ exp(score), computed without overflow. */
export function softmaxInPlace(scores: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const score of scores) max = Math.max(max, score);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp(scores[c]! - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
  return max + Math.log(sum);
}
