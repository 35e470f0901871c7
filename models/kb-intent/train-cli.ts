/**
 * `npm run train -- kb [--data FILE] [--zh FILE] [--out FILE] [--cv K] [--json]`: trains the intent
 * model on BANKING77 (kept outside the repository, CC BY 4.0) plus our Chinese questions, optionally
 * cross-validates it first, writes the model file and reports what it measured. Two runs on the
 * same files write the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIntentClassifier } from './classifier.ts';
import { confidenceBands, crossValidate, type ConfidenceBand, type CrossValidationResult } from './cross-validate.ts';
import { encodeModelFile, quantise } from './model-file.ts';
import { NEEDS } from './needs.ts';
import { parseLabelledQuestions, type Language } from './questions-csv.ts';
import { vectorize } from './tfidf.ts';
import { DEFAULT_TRAINING_OPTIONS, featurise, predictIntent, trainIntentModel, type FeaturisedQuestion, type IntentModel, type IntentTrainingOptions } from './train.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, '..', '..');
const CV_SEED = 1;
const CONFIDENCE_THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6];

/** A bad command line, as opposed to a failed training. */
export class UsageError extends Error {}

export const KB_TRAINING_USAGE = 'npm run train -- kb [--data FILE] [--zh FILE] [--out FILE] [--cv K] [--json]';

export interface KbTrainingArgs {
  data: string;
  zh: string;
  out: string;
  /** Folds of cross-validation before the final training; 0 = none. */
  cv: number;
  json: boolean;
}

export function parseKbTrainingArgs(args: readonly string[]): KbTrainingArgs {
  const parsed: KbTrainingArgs = {
    data: resolve(REPO_ROOT, '../shared/data/kb/banking77-train.csv'),
    zh: join(HERE, 'zh-train.csv'),
    out: join(HERE, 'kb-intent.json'),
    cv: 0,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === '--json') {
      parsed.json = true;
      continue;
    }
    const value = args[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--data' || flag === '--zh' || flag === '--out') parsed[flag.slice(2) as 'data' | 'zh' | 'out'] = resolve(value);
    else if (flag === '--cv') {
      parsed.cv = Number(value);
      if (!Number.isInteger(parsed.cv) || parsed.cv < 2) throw new UsageError('--cv needs a whole number of folds ≥ 2');
    } else throw new UsageError(`unknown flag ${JSON.stringify(flag)}`);
  }
  return parsed;
}

type CrossValidationReport = Omit<CrossValidationResult, 'predictions'> & {
  folds: number;
  seconds: number;
  confidenceBands: ConfidenceBand[];
  /** Chinese questions get much lower confidences than English ones: a threshold is best chosen per language. */
  confidenceBandsByLanguage: Partial<Record<Language, ConfidenceBand[]>>;
};

interface KbTrainingReport {
  questions: { en: number; zh: number };
  crossValidation?: CrossValidationReport;
  training: { seconds: number; terms: number; options: IntentTrainingOptions };
  model: { file: string; bytes: number; loadMs: number; top1ChangedByQuantisation: number };
  /** `classify(text, 3)` on every training question with the model as loaded from the file. */
  msPerQuestion: { p50: number; p95: number; max: number };
}

export async function runKbTraining(args: readonly string[]): Promise<void> {
  const options = parseKbTrainingArgs(args);
  const english = parseLabelledQuestions(readFileSync(options.data, 'utf8'), 'en');
  const chinese = parseLabelledQuestions(readFileSync(options.zh, 'utf8'), 'zh');
  const questions = featurise([...english, ...chinese]);
  const crossValidation = options.cv > 0 ? crossValidateReport(questions, options.cv) : undefined;

  const started = performance.now();
  const model = trainIntentModel(questions, DEFAULT_TRAINING_OPTIONS);
  const training = { seconds: (performance.now() - started) / 1000, terms: model.vocabulary.terms.length, options: DEFAULT_TRAINING_OPTIONS };
  const encoded = encodeModelFile(quantise(model));
  writeFileSync(options.out, encoded);

  const loadStarted = performance.now();
  const classifier = await loadIntentClassifier(options.out);
  const loadMs = performance.now() - loadStarted;
  const timings: number[] = [];
  let changed = 0;
  for (const question of questions) {
    const callStarted = performance.now();
    const [best] = classifier.classify(question.text, 3);
    timings.push(performance.now() - callStarted);
    if (best?.need !== floatTop1(model, question)) changed++;
  }
  timings.sort((a, b) => a - b);

  const report: KbTrainingReport = {
    questions: { en: english.length, zh: chinese.length },
    ...(crossValidation && { crossValidation }),
    training,
    model: { file: options.out, bytes: Buffer.byteLength(encoded), loadMs, top1ChangedByQuantisation: changed },
    msPerQuestion: { p50: percentile(timings, 50), p95: percentile(timings, 95), max: timings.at(-1) ?? Number.NaN },
  };
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}

/** Cross-validation scores the float weights; quantisation is checked separately on the final model. */
function crossValidateReport(questions: readonly FeaturisedQuestion[], folds: number): CrossValidationReport {
  const started = performance.now();
  const { predictions, ...result } = crossValidate(questions, folds, CV_SEED, DEFAULT_TRAINING_OPTIONS);
  const seconds = (performance.now() - started) / 1000;
  const confidenceBandsByLanguage: Partial<Record<Language, ConfidenceBand[]>> = {};
  for (const language of Object.keys(result.byLanguage) as Language[]) {
    confidenceBandsByLanguage[language] = confidenceBands(predictions.filter((prediction) => prediction.language === language), CONFIDENCE_THRESHOLDS);
  }
  return { folds, seconds, ...result, confidenceBands: confidenceBands(predictions, CONFIDENCE_THRESHOLDS), confidenceBandsByLanguage };
}

function floatTop1(model: IntentModel, question: FeaturisedQuestion): string | undefined {
  const probabilities = predictIntent(model, vectorize(question.terms, model.vocabulary));
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  return NEEDS[best];
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function formatReport(report: KbTrainingReport): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const lines = [`questions: ${report.questions.en} English, ${report.questions.zh} Chinese`];
  const cv = report.crossValidation;
  if (cv) {
    lines.push(`${cv.folds}-fold cross-validation (seed ${CV_SEED}, ${cv.seconds.toFixed(0)} s):`);
    lines.push(`  all  top-1 ${pct(cv.overall.top1)}  top-3 ${pct(cv.overall.top3)}  (${cv.overall.count})`);
    for (const [language, accuracy] of Object.entries(cv.byLanguage)) {
      lines.push(`  ${language}   top-1 ${pct(accuracy.top1)}  top-3 ${pct(accuracy.top3)}  (${accuracy.count})`);
    }
    for (const [language, bands] of [['all', cv.confidenceBands], ...Object.entries(cv.confidenceBandsByLanguage)] as const) {
      for (const band of bands) {
        lines.push(`  ${language.padEnd(3)}  top confidence < ${band.threshold}: ${pct(band.shareBelow)} of questions (top-1 ${pct(band.accuracyBelow)}); the rest top-1 ${pct(band.accuracyAbove)}`);
      }
    }
  }
  lines.push(`training: ${report.training.seconds.toFixed(1)} s, ${report.training.terms} terms`);
  lines.push(`model: ${report.model.file}, ${(report.model.bytes / 1e6).toFixed(2)} MB, loads in ${report.model.loadMs.toFixed(0)} ms`);
  lines.push(`int8 quantisation changed top-1 on ${report.model.top1ChangedByQuantisation} of ${report.questions.en + report.questions.zh} training questions`);
  lines.push(`per question: p50 ${report.msPerQuestion.p50.toFixed(3)} ms, p95 ${report.msPerQuestion.p95.toFixed(3)} ms, max ${report.msPerQuestion.max.toFixed(1)} ms`);
  return `${lines.join('\n')}\n`;
}
