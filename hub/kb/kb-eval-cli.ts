/**
 * `npm run eval -- kb --queries FILE.csv [--cv K] [--json]`: how well the kiosk's self-help search
 * answers labelled questions (`text,category`; category a need or `none`), over the shipped guides.
 * Without --cv it uses the shipped model; with --cv K each fold of the file is answered by a model
 * trained on the other folds plus our Chinese training questions (as the shipped model is trained,
 * minus the held-out ones), progress on stderr. Prints one measure a line; with --json the last line
 * is the report as one JSON object.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadIntentClassifier } from '../../models/kb-intent/classifier.ts';
import { parseLabelledQuestions } from '../../models/kb-intent/questions-csv.ts';
import { crossValidateKbSearch, evaluateKbSearch, formatKbEvalReport, parseKbQueries, type KbEvalReport } from './kb-eval.ts';
import { toDocument } from './knowledge-base.ts';
import type { LabelledQuery } from './search-quality.ts';
import { loadSeedArticles } from './seed.ts';

export const KB_EVAL_USAGE = 'npm run eval -- kb --queries FILE.csv [--cv K] [--json]';
const CHINESE_TRAINING_FILE = new URL('../../models/kb-intent/zh-train.csv', import.meta.url);

/** A bad command line, as opposed to a failed evaluation. */
export class UsageError extends Error {}

export interface KbEvalArgs {
  queries: string;
  /** Folds of cross-validation; 0 = the shipped model. */
  cv: number;
  json: boolean;
}

export function parseKbEvalArgs(args: readonly string[]): KbEvalArgs {
  let values: { queries?: string; cv?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args: [...args], options: { queries: { type: 'string' }, cv: { type: 'string' }, json: { type: 'boolean', default: false } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.queries) throw new UsageError('--queries FILE.csv is required');
  const cv = values.cv === undefined ? 0 : Number(values.cv);
  if (values.cv !== undefined && (!Number.isInteger(cv) || cv < 2)) throw new UsageError('--cv needs a whole number of folds ≥ 2');
  return { queries: values.queries, cv, json: values.json === true };
}

export async function runKbEval(args: readonly string[]): Promise<void> {
  const options = parseKbEvalArgs(args);
  const queries = readQueries(options.queries);
  const documents = loadSeedArticles().map(toDocument);
  let report: KbEvalReport;
  if (options.cv > 0) {
    const alsoTrainOn = parseLabelledQuestions(readFileSync(CHINESE_TRAINING_FILE, 'utf8'), 'zh');
    report = crossValidateKbSearch(queries, documents, {
      folds: options.cv,
      alsoTrainOn,
      onFold: (fold) => process.stderr.write(`fold ${fold.fold}/${fold.folds}: trained on ${fold.trainedOn} questions in ${fold.seconds.toFixed(0)} s, ${fold.heldOut} held out\n`),
    });
  } else {
    report = evaluateKbSearch(queries, await loadIntentClassifier(), documents);
  }
  process.stdout.write(`${formatKbEvalReport(report).join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
}

function readQueries(file: string): LabelledQuery[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseKbQueries(source);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}
