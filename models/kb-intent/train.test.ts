import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IntentClassifier } from './classifier.ts';
import { extractTerms } from './features.ts';
import { stratifiedFolds } from './cross-validate.ts';
import { decodeModelFile, encodeModelFile, quantise } from './model-file.ts';
import { NEEDS } from './needs.ts';
import { parseLabelledQuestions, type LabelledQuestion } from './questions-csv.ts';
import { vectorize } from './tfidf.ts';
import { featurise, predictIntent, trainIntentModel, type IntentModel, type IntentTrainingOptions } from './train.ts';

const SMALL: IntentTrainingOptions = { minDocumentFrequency: 1, l2: 1e-3, maxIterations: 200, chineseWeight: 1, hiddenUnits: 8, hiddenL2: 1e-3, hiddenMaxIterations: 100, hiddenSeed: 1 };

const en = (text: string, need: LabelledQuestion['need']): LabelledQuestion => ({ text, need, language: 'en' });
const TOY = [
  en('I lost my card', 'lost_or_stolen_card'),
  en('my card was stolen yesterday', 'lost_or_stolen_card'),
  en('someone stole my wallet with the card in it', 'lost_or_stolen_card'),
  en('I cannot find my card anywhere', 'lost_or_stolen_card'),
  en('the ATM swallowed my card', 'card_swallowed'),
  en('the cash machine kept my card', 'card_swallowed'),
  en('my card got stuck in the ATM', 'card_swallowed'),
  en('how long does a transfer take', 'transfer_timing'),
  en('when will my transfer arrive', 'transfer_timing'),
  en('how many days until the money transfer arrives', 'transfer_timing'),
  en('what is the exchange rate for euros', 'exchange_rate'),
  en('which rate do you use to exchange dollars', 'exchange_rate'),
  en('current exchange rates please', 'exchange_rate'),
];

function top1(model: IntentModel, text: string): string {
  const probabilities = predictIntent(model, vectorize(extractTerms(text), model.vocabulary));
  return NEEDS[probabilities.indexOf(Math.max(...probabilities))]!;
}

describe('trainIntentModel', () => {
  it('learns a small hand-made set and generalises to paraphrases', () => {
    const model = trainIntentModel(featurise(TOY), SMALL);
    expect(top1(model, 'my card has been stolen')).toBe('lost_or_stolen_card');
    expect(top1(model, 'the ATM ate my card')).toBe('card_swallowed');
    expect(top1(model, 'how long do transfers take to arrive?')).toBe('transfer_timing');
    expect(top1(model, 'exchange rate for dollars?')).toBe('exchange_rate');
  });

  it('gives the same weights every time', () => {
    const first = trainIntentModel(featurise(TOY), SMALL);
    const second = trainIntentModel(featurise(TOY), SMALL);
    expect(second.vocabulary.terms).toEqual(first.vocabulary.terms);
    expect(Buffer.from(second.softmax.weights.buffer).equals(Buffer.from(first.softmax.weights.buffer))).toBe(true);
    expect(first.hidden?.hiddenCount).toBe(8);
    expect(Buffer.from(second.hidden!.inputWeights.buffer).equals(Buffer.from(first.hidden!.inputWeights.buffer))).toBe(true);
  });
});

describe('the model file', () => {
  // The Chinese questions are in the repository; the English ones are not, so they stand in here.
  const chinese = featurise(parseLabelledQuestions(readFileSync(new URL('./zh-train.csv', import.meta.url), 'utf8'), 'zh'));
  const model = trainIntentModel(chinese, { ...SMALL, minDocumentFrequency: 2, l2: 1e-4 });

  it('round-trips to the same bytes', () => {
    const text = encodeModelFile(quantise(model));
    expect(encodeModelFile(decodeModelFile(text))).toBe(text);
  });

  it('int8 weights change the best need for at most 1 % of the training questions', () => {
    const classifier = new IntentClassifier(decodeModelFile(encodeModelFile(quantise(model))));
    const changed = chinese.filter((question) => classifier.classify(question.text, 1)[0]!.need !== top1(model, question.text));
    expect(changed.length / chinese.length).toBeLessThanOrEqual(0.01);
  });

  it('refuses a model trained with other features', () => {
    const text = encodeModelFile(quantise(model)).replace(/"featureVersion": "[^"]*"/, '"featureVersion": "old"');
    expect(() => decodeModelFile(text)).toThrow(/retrain/);
  });
});

describe('stratifiedFolds', () => {
  it('deals every need and language evenly, the same way for the same seed', () => {
    const questions = featurise([...TOY, ...TOY, ...TOY]);
    const folds = stratifiedFolds(questions, 3, 7);
    expect(stratifiedFolds(questions, 3, 7)).toEqual(folds);
    for (const need of new Set(questions.map((question) => question.need))) {
      const perFold = [0, 1, 2].map((fold) => questions.filter((question, i) => question.need === need && folds[i] === fold).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });
});

describe('parseLabelledQuestions', () => {
  it('reads quoted commas, doubled quotes and line breaks, and refuses unknown needs', () => {
    const csv = 'text,category\r\n"Hi, my card ""broke""\nagain",card_not_working\nplain,reverted_card_payment?\n';
    expect(parseLabelledQuestions(csv, 'en').map((q) => [q.text, q.need])).toEqual([
      ['Hi, my card "broke" again', 'card_not_working'],
      ['plain', 'reverted_card_payment?'],
    ]);
    expect(() => parseLabelledQuestions('text,category\nhello,card_lost\n', 'en')).toThrow(/unknown need "card_lost"/);
  });
});
