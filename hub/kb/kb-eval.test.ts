import { describe, expect, it } from 'vitest';
import { IntentClassifier } from '../../models/kb-intent/classifier.ts';
import { quantise } from '../../models/kb-intent/model-file.ts';
import type { LabelledQuestion } from '../../models/kb-intent/questions-csv.ts';
import { DEFAULT_TRAINING_OPTIONS, featurise, trainIntentModel } from '../../models/kb-intent/train.ts';
import { parseKbEvalArgs, UsageError } from './kb-eval-cli.ts';
import { crossValidateKbSearch, evaluateKbSearch, formatKbEvalReport, guideCoverage, parseKbQueries, type FoldProgress } from './kb-eval.ts';
import { toDocument } from './knowledge-base.ts';
import type { SearchDocument } from './search.ts';

const guide = (id: string, needs: string[]): SearchDocument =>
  toDocument({
    id, category: 'cards', titleEn: id, titleZh: id, summaryEn: id, summaryZh: id, stepsEn: ['Ask us.'], stepsZh: ['问我们。'],
    keywordsEn: [], keywordsZh: [], image: null, needs, urgent: false,
  });

const guides = [
  guide('lost-card', ['lost_or_stolen_card']),
  guide('card-arrival', ['card_arrival', 'card_delivery_estimate']),
  guide('pin', ['pin_blocked']),
  guide('open-account', []),
];

const en = (text: string, need: LabelledQuestion['need']): LabelledQuestion => ({ text, need, language: 'en' });

/** Four questions for each of three needs, so a question with no known word gets 1/3 or less: not sure. */
const training = [
  en('i lost my card', 'lost_or_stolen_card'),
  en('my card was stolen', 'lost_or_stolen_card'),
  en('a thief stole my wallet and card', 'lost_or_stolen_card'),
  en('lost card what do i do', 'lost_or_stolen_card'),
  en('my new card has not arrived', 'card_arrival'),
  en('when will my card arrive', 'card_arrival'),
  en('card still not arrived', 'card_arrival'),
  en('has my card been sent', 'card_arrival'),
  en('my pin is blocked', 'pin_blocked'),
  en('pin blocked after wrong tries', 'pin_blocked'),
  en('i entered the wrong pin and it is blocked', 'pin_blocked'),
  en('unblock my pin', 'pin_blocked'),
];

/** One question per need in words that no other question has. */
const unheardOf = [
  { text: 'zebra quokka', category: 'lost_or_stolen_card' },
  { text: 'yak ibex', category: 'card_arrival' },
  { text: 'gnu okapi', category: 'pin_blocked' },
];

/** Terms seen once are kept, so a model that had seen a question would know its words. */
const keepEveryTerm = { ...DEFAULT_TRAINING_OPTIONS, minDocumentFrequency: 1 };

describe('measuring the kiosk search on labelled questions', () => {
  it('opens the guide for each need first with a model that knows the words, and hands over an unrelated question', () => {
    const classifier = new IntentClassifier(quantise(trainIntentModel(featurise(training))));
    const report = evaluateKbSearch(
      [
        { text: 'i lost my card yesterday', category: 'lost_or_stolen_card' },
        { text: 'my card has still not arrived', category: 'card_arrival' },
        { text: 'my pin is blocked', category: 'pin_blocked' },
        { text: 'zebra quokka', category: 'none' },
      ],
      classifier,
      guides,
    );
    expect(report).toMatchObject({ queries: 4, top1: 1, top3: 1, handedOver: 0, answeredAccuracy: 1, unrelatedHandedOver: 1 });
    expect(report).toMatchObject({ articles: 4, needsCovered: 4, maxNeedsPerArticle: 2 });
  });

  it('counts the needs the guides cover and the most on one guide', () => {
    expect(guideCoverage(guides)).toEqual({ articles: 4, needsCovered: 4, maxNeedsPerArticle: 2 });
    expect(guideCoverage([guide('a', ['pin_blocked']), guide('b', ['pin_blocked', 'change_pin', 'card_arrival'])])).toEqual({ articles: 2, needsCovered: 3, maxNeedsPerArticle: 3 });
    expect(guideCoverage([])).toEqual({ articles: 0, needsCovered: 0, maxNeedsPerArticle: 0 });
  });
});

describe('cross-validating the kiosk search', () => {
  it('answers each question with a model that never trained on it', () => {
    const folds: FoldProgress[] = [];
    const report = crossValidateKbSearch(unheardOf, guides, { folds: 3, alsoTrainOn: training, training: keepEveryTerm, onFold: (fold) => folds.push(fold) });
    // Trained on its own words the model would be sure and right; without them it can only guess from priors.
    expect(report).toMatchObject({ queries: 3, top1: 0, handedOver: 1, folds: 3 });
    expect(folds.map((fold) => [fold.fold, fold.trainedOn, fold.heldOut])).toEqual([[1, 14, 1], [2, 14, 1], [3, 14, 1]]);
  });

  it('leaves out training questions that are also among the queries', () => {
    const copies = unheardOf.map(({ text, category }) => en(` ${text}\n`, category as LabelledQuestion['need']));
    const folds: FoldProgress[] = [];
    const report = crossValidateKbSearch(unheardOf, guides, { folds: 3, alsoTrainOn: [...training, ...copies], training: keepEveryTerm, onFold: (fold) => folds.push(fold) });
    expect(report).toMatchObject({ top1: 0, handedOver: 1 });
    expect(folds.every((fold) => fold.trainedOn === 14)).toBe(true);
  });

  it('measures every question once, the unrelated ones too, against the guides', () => {
    const queries = [...training.map(({ text, need }) => ({ text, category: need as string })), { text: 'weather forecast tomorrow', category: 'none' }];
    const report = crossValidateKbSearch(queries, guides, { folds: 4, alsoTrainOn: [] });
    expect(report).toMatchObject({ queries: 13, unrelatedHandedOver: 1, folds: 4, articles: 4, needsCovered: 4, maxNeedsPerArticle: 2 });
  });

  it('refuses more folds than questions about a need', () => {
    expect(() => crossValidateKbSearch(unheardOf, guides, { folds: 4, alsoTrainOn: training })).toThrow(/4 folds of 3 questions/);
  });
});

describe('reading the questions', () => {
  it('takes needs and "none", one line each', () => {
    expect(parseKbQueries('text,category\n"my card,\nstill missing",card_arrival\n明天会下雨吗,none\n')).toEqual([
      { text: 'my card, still missing', category: 'card_arrival' },
      { text: '明天会下雨吗', category: 'none' },
    ]);
  });

  it('names the row of a category that is neither a need nor none', () => {
    expect(() => parseKbQueries('text,category\nmy card,card_arrival\nmy pin,pin_blokced\n')).toThrow('row 3: "pin_blokced" is neither a need nor "none"');
    expect(() => parseKbQueries('question,need\nmy card,card_arrival\n')).toThrow(/header/);
    expect(() => parseKbQueries('text,category\n')).toThrow(/no questions/);
  });
});

describe('the command line', () => {
  it('reads the flags', () => {
    expect(parseKbEvalArgs(['--queries', 'q.csv'])).toEqual({ queries: 'q.csv', cv: 0, json: false });
    expect(parseKbEvalArgs(['--queries', 'q.csv', '--cv', '5', '--json'])).toEqual({ queries: 'q.csv', cv: 5, json: true });
  });

  it('refuses a missing file, too few folds and unknown flags as usage errors', () => {
    expect(() => parseKbEvalArgs([])).toThrow(UsageError);
    expect(() => parseKbEvalArgs(['--queries', 'q.csv', '--cv', '1'])).toThrow(/folds/);
    expect(() => parseKbEvalArgs(['--queries', 'q.csv', '--cv', 'five'])).toThrow(UsageError);
    expect(() => parseKbEvalArgs(['--queries', 'q.csv', '--folds', '5'])).toThrow(UsageError);
    expect(() => parseKbEvalArgs(['--queries', 'q.csv', 'extra'])).toThrow(UsageError);
  });

  it('prints one measure a line, the folds first when cross-validated', () => {
    const report = { queries: 4, top1: 0.75, top3: 1, handedOver: 0.25, answeredAccuracy: 1, unrelatedHandedOver: null, p50Ms: 0.1, p95Ms: 0.2, articles: 55, needsCovered: 77, maxNeedsPerArticle: 3 };
    const lines = formatKbEvalReport(report);
    expect(lines[0]).toBe('queries          4');
    expect(lines).toContain('top-1            75.0 %');
    expect(lines).toContain('needs covered    77 of 77');
    expect(lines.some((line) => line.startsWith('unrelated'))).toBe(false);
    expect(formatKbEvalReport({ ...report, folds: 5 })[0]).toMatch(/^folds +5 /);
  });
});
