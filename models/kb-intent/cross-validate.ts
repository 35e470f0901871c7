/**
 * Stratified k-fold cross-validation of the whole pipeline: each fold learns its own vocabulary and
 * idf from its training part only, so nothing of the held-out questions leaks into the model that
 * is scored on them. English and Chinese questions are folded separately per need, so every fold
 * holds out some of each language for every need and the Chinese score is measured, not assumed.
 */
import { NEEDS } from './needs.ts';
import type { Language } from './questions-csv.ts';
import { vectorize } from './tfidf.ts';
import { predictIntent, trainIntentModel, type FeaturisedQuestion, type IntentTrainingOptions } from './train.ts';

export interface HeldOutPrediction {
  language: Language;
  /** 1 when the best guess is right, 2 when the second is…; up to the number of needs. */
  rankOfTruth: number;
  topConfidence: number;
}

export interface Accuracy {
  count: number;
  top1: number;
  top3: number;
}

export interface CrossValidationResult {
  overall: Accuracy;
  byLanguage: Partial<Record<Language, Accuracy>>;
  predictions: HeldOutPrediction[];
}

/** The fold (0…folds−1) of each question: per need and language, a seeded shuffle dealt round-robin. */
export function stratifiedFolds(questions: readonly FeaturisedQuestion[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const groups = new Map<string, number[]>();
  questions.forEach((question, i) => {
    const key = `${question.language} ${question.need}`;
    const members = groups.get(key) ?? [];
    members.push(i);
    groups.set(key, members);
  });
  const foldOf = new Array<number>(questions.length).fill(0);
  let dealt = 0;
  for (const members of groups.values()) {
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    // Continue the deal where the last group stopped, so small groups do not all fill fold 0 first.
    for (const member of members) foldOf[member] = dealt++ % folds;
  }
  return foldOf;
}

export function crossValidate(questions: readonly FeaturisedQuestion[], folds: number, seed: number, training: IntentTrainingOptions): CrossValidationResult {
  const foldOf = stratifiedFolds(questions, folds, seed);
  const predictions: HeldOutPrediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const model = trainIntentModel(questions.filter((_, i) => foldOf[i] !== fold), training);
    questions.forEach((question, i) => {
      if (foldOf[i] !== fold) return;
      const probabilities = predictIntent(model, vectorize(question.terms, model.vocabulary));
      const truth = probabilities[NEEDS.indexOf(question.need)]!;
      let rankOfTruth = 1;
      let topConfidence = 0;
      for (const p of probabilities) {
        if (p > truth) rankOfTruth++;
        topConfidence = Math.max(topConfidence, p);
      }
      predictions.push({ language: question.language, rankOfTruth, topConfidence });
    });
  }
  const byLanguage: Partial<Record<Language, Accuracy>> = {};
  for (const language of ['en', 'zh'] as const) {
    const ofLanguage = predictions.filter((prediction) => prediction.language === language);
    if (ofLanguage.length > 0) byLanguage[language] = accuracyOf(ofLanguage);
  }
  return { overall: accuracyOf(predictions), byLanguage, predictions };
}

export function accuracyOf(predictions: readonly HeldOutPrediction[]): Accuracy {
  const count = predictions.length;
  const share = (rank: number) => predictions.filter((prediction) => prediction.rankOfTruth <= rank).length / count;
  return { count, top1: share(1), top3: share(3) };
}

export interface ConfidenceBand {
  threshold: number;
  /** Share of questions whose best guess is less sure than the threshold ("not sure"). */
  shareBelow: number;
  /** Top-1 accuracy of the rest, the ones the kiosk would answer directly. */
  accuracyAbove: number;
  accuracyBelow: number;
}

/** What a "not sure" threshold on the top confidence would do, for choosing one. */
export function confidenceBands(predictions: readonly HeldOutPrediction[], thresholds: readonly number[]): ConfidenceBand[] {
  return thresholds.map((threshold) => {
    const below = predictions.filter((prediction) => prediction.topConfidence < threshold);
    const above = predictions.filter((prediction) => prediction.topConfidence >= threshold);
    return { threshold, shareBelow: below.length / predictions.length, accuracyAbove: accuracyOf(above).top1, accuracyBelow: accuracyOf(below).top1 };
  });
}

/** mulberry32: a small, fast, seedable generator; folds must not change between runs or machines. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
