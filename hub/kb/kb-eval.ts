/**
 * What `npm run eval -- kb` measures (issue 12): labelled questions put to the kiosk's need search
 * over the guides, with a given model (the shipped one) or, in cross-validation, with one model per
 * fold trained without the questions it is scored on. Also what the guides cover: how many needs
 * they answer and the most needs on one guide. No files and no printing: the caller reads and writes.
 */
import { IntentClassifier } from '../../models/kb-intent/classifier.ts';
import { stratifiedFolds } from '../../models/kb-intent/cross-validate.ts';
import { quantise } from '../../models/kb-intent/model-file.ts';
import { parseCsvRecords, type Language, type LabelledQuestion } from '../../models/kb-intent/questions-csv.ts';
import { DEFAULT_TRAINING_OPTIONS, featurise, trainIntentModel, type FeaturisedQuestion, type IntentTrainingOptions } from '../../models/kb-intent/train.ts';
import { createNeedSearch, questionLanguage, SURE_CONFIDENCE, type NeedClassifier } from './need-search.ts';
import { isNeed, NEEDS } from './needs.ts';
import { measureSearch, UNRELATED, type LabelledQuery, type SearchQuality } from './search-quality.ts';
import type { KbSearch, SearchDocument } from './search.ts';

/** The folds of `npm run train -- kb --cv K` (its CV_SEED), so both commands hold out the same questions. */
export const KB_CV_SEED = 1;

export interface GuideCoverage {
  articles: number;
  /** Needs, of the 77, that at least one guide lists. */
  needsCovered: number;
  maxNeedsPerArticle: number;
}

export interface KbEvalReport extends SearchQuality, GuideCoverage {
  /** Folds of cross-validation; absent for a given model. */
  folds?: number;
}

export interface KbCrossValidation {
  folds: number;
  /** Questions every fold trains on as well (our Chinese ones); those also among the queries are left out. */
  alsoTrainOn: readonly LabelledQuestion[];
  training?: IntentTrainingOptions;
  seed?: number;
  /** Called after each fold's model is trained. */
  onFold?: (progress: FoldProgress) => void;
}

export interface FoldProgress {
  /** 1-based. */
  fold: number;
  folds: number;
  trainedOn: number;
  heldOut: number;
  seconds: number;
}

/**
 * Questions from a `text,category` CSV with a header; a category is a need or `none` (a question no
 * guide answers). Line breaks inside a question become spaces, as the training reader makes them.
 */
export function parseKbQueries(source: string): LabelledQuery[] {
  const [header, ...rows] = parseCsvRecords(source);
  if (header?.[0] !== 'text' || header[1] !== 'category') throw new Error('expected the header "text,category"');
  if (rows.length === 0) throw new Error('no questions after the header');
  return rows.map((row, index) => {
    const [text, category] = row;
    if (row.length !== 2 || text === undefined || category === undefined) throw new Error(`row ${index + 2}: expected 2 fields, got ${row.length}`);
    if (category !== UNRELATED && !isNeed(category)) throw new Error(`row ${index + 2}: ${JSON.stringify(category)} is neither a need nor "${UNRELATED}"`);
    return { text: oneLine(text), category };
  });
}

export function guideCoverage(documents: readonly SearchDocument[]): GuideCoverage {
  const listed = new Set(documents.flatMap((doc) => doc.needs));
  return {
    articles: documents.length,
    needsCovered: NEEDS.filter((need) => listed.has(need)).length,
    maxNeedsPerArticle: Math.max(0, ...documents.map((doc) => doc.needs.length)),
  };
}

/** Questions asked, untimed, before measuring: a kiosk's hub has long been running when a customer asks. */
const WARM_UP_QUESTIONS = 50;

/** The kiosk's need search with `classifier` over `documents`, measured on `queries`. */
export function evaluateKbSearch(queries: readonly LabelledQuery[], classifier: NeedClassifier, documents: readonly SearchDocument[]): KbEvalReport {
  const search = createNeedSearch(classifier)(documents);
  for (const { text } of queries.slice(0, WARM_UP_QUESTIONS)) search.search(text, questionLanguage(text), 3);
  return { ...measureSearch(search, needsOfGuides(documents), queries), ...guideCoverage(documents) };
}

/**
 * K-fold cross-validation of the need search: the questions about a need are folded per need and
 * language as `npm run train -- kb --cv` folds them, the unrelated ones dealt round-robin. Each
 * fold's model is trained on the other folds plus `alsoTrainOn`, quantised as the shipped model is,
 * and answers its own fold's questions; the folds are reported together.
 */
export function crossValidateKbSearch(queries: readonly LabelledQuery[], documents: readonly SearchDocument[], cv: KbCrossValidation): KbEvalReport {
  const { folds, training = DEFAULT_TRAINING_OPTIONS, seed = KB_CV_SEED } = cv;
  const labelled: Array<{ index: number; question: LabelledQuestion }> = [];
  queries.forEach(({ text, category }, index) => {
    if (isNeed(category)) labelled.push({ index, question: { text, need: category, language: trainingLanguage(text) } });
  });
  if (folds < 2 || folds > labelled.length) throw new Error(`cannot make ${folds} folds of ${labelled.length} questions about a need`);
  const featurised = featurise(labelled.map(({ question }) => question));
  const needFolds = stratifiedFolds(featurised, folds, seed);
  let dealt = 0;
  const foldOf = queries.map(({ category }) => (isNeed(category) ? -1 : dealt++ % folds));
  labelled.forEach(({ index }, i) => (foldOf[index] = needFolds[i]!));
  const asked = new Set(queries.map((query) => oneLine(query.text)));
  const alsoTrainOn = featurise(cv.alsoTrainOn.filter((question) => !asked.has(oneLine(question.text))));

  const turns: Turn[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const started = performance.now();
    const trainingSet: FeaturisedQuestion[] = [...featurised.filter((_, i) => needFolds[i] !== fold), ...alsoTrainOn];
    const classifier = new IntentClassifier(quantise(trainIntentModel(trainingSet, training)));
    const search = createNeedSearch(classifier)(documents);
    const heldOut = queries.filter((_, index) => foldOf[index] === fold);
    for (const query of heldOut) turns.push({ query, search });
    cv.onFold?.({ fold: fold + 1, folds, trainedOn: trainingSet.length, heldOut: heldOut.length, seconds: (performance.now() - started) / 1000 });
  }
  const quality = measureSearch(searchInTurn(turns), needsOfGuides(documents), turns.map((turn) => turn.query));
  return { ...quality, ...guideCoverage(documents), folds };
}

/** The report for people, one measure a line. */
export function formatKbEvalReport(report: KbEvalReport): string[] {
  const pct = (share: number) => (Number.isNaN(share) ? 'n/a' : `${(share * 100).toFixed(1)} %`);
  const unrelated = report.unrelatedHandedOver;
  const lines = report.folds ? [`folds            ${report.folds} (seed ${KB_CV_SEED}): each question answered by a model trained without it`] : [];
  lines.push(
    `queries          ${report.queries}`,
    `top-1            ${pct(report.top1)}`,
    `top-3            ${pct(report.top3)}`,
    `handed over      ${pct(report.handedOver)} (confidence < ${SURE_CONFIDENCE.en} in English, ${SURE_CONFIDENCE['zh-CN']} in Chinese); the rest answered right ${pct(report.answeredAccuracy)}`,
  );
  if (unrelated !== null) lines.push(`unrelated        ${pct(unrelated)} handed over`);
  lines.push(
    `ms per query     p50 ${report.p50Ms.toFixed(3)}, p95 ${report.p95Ms.toFixed(3)} (the search call, one core)`,
    `guides           ${report.articles}`,
    `needs covered    ${report.needsCovered} of ${NEEDS.length}`,
    `most needs/guide ${report.maxNeedsPerArticle}`,
  );
  return lines;
}

interface Turn {
  query: LabelledQuery;
  search: KbSearch;
}

/** Answers the i-th question asked with the i-th turn's search: `measureSearch` asks each question once, in order. */
function searchInTurn(turns: readonly Turn[]): KbSearch {
  let next = 0;
  return {
    search(query, lang, limit) {
      const turn = turns[next++];
      if (turn?.query.text !== query) throw new Error(`question ${next} was asked out of turn`);
      return turn.search.search(query, lang, limit);
    },
  };
}

function needsOfGuides(documents: readonly SearchDocument[]): (articleId: string) => readonly string[] {
  const needs = new Map(documents.map((doc) => [doc.id, doc.needs]));
  return (articleId) => needs.get(articleId) ?? [];
}

const trainingLanguage = (text: string): Language => (questionLanguage(text) === 'zh-CN' ? 'zh' : 'en');
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
