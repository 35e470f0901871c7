/**
 * The kiosk's search when it understands the question: a model (models/kb-intent) reads the
 * customer's own words, in English or Chinese, as the needs they may have, and each guide scores
 * the probability that it answers the need (the sum over the needs it lists). Guides that list no
 * need (an admin's own, a branch topic like opening an account) still come from the lexical
 * search: after the understood ones, or before them when the model is not sure and the words
 * match such a topic best of all. When no guide is understood (a knowledge base without needs, or
 * a question the model has no guess for) the lexical answer is used as it is. Below the sure
 * confidence (`isSure`) the kiosk says it is not sure, shows its best two guesses and offers a
 * person.
 */
import { createLexicalSearch, type KbLanguage, type KbSearch, type SearchDocument, type SearchHit } from './search.ts';

export interface NeedClassifier {
  /** The likeliest needs for `text`, best first, at most `limit`, with probabilities. */
  classify(text: string, limit: number): Array<{ need: string; confidence: number }>;
}

/**
 * The least confidence at which the kiosk gives its first guide as the answer, by the question's
 * language. Chosen by 5-fold cross-validation through this search (models/cards/kb-intent.md):
 * English answers at 0.5–0.6 are right 77 % of the time and those above 0.6 at least 82 %; below,
 * two guesses and a person serve the customer better. Chinese confidences run lower at the same
 * accuracy (a need has 12 Chinese training questions against 130 English ones): Chinese answers at
 * 0.4–0.5 are right 81 % of the time, and 0.45 also hands over every unrelated Chinese question of
 * our test set.
 */
export const SURE_CONFIDENCE: Readonly<Record<KbLanguage, number>> = { en: 0.5, 'zh-CN': 0.45 };

/** The question's language as the model reads it: Chinese when it has Han characters, whatever the kiosk's language. */
export const questionLanguage = (question: string): KbLanguage => (/\p{Script=Han}/u.test(question) ? 'zh-CN' : 'en');

/** Whether the kiosk may answer `question` with a guide found at `confidence`, or must say it is not sure. */
export function isSure(question: string, confidence: number | null | undefined): boolean {
  return (confidence ?? 0) >= SURE_CONFIDENCE[questionLanguage(question)];
}

/** Needs looked at per question: the rest share a few percent of probability. */
const NEEDS_CONSIDERED = 10;
/** A guide whose needs together have less than this is not a guess worth showing. */
const MIN_GUESS = 0.01;

export function createNeedSearch(classifier: NeedClassifier): (documents: readonly SearchDocument[]) => KbSearch {
  return (documents) => {
    const lexical = createLexicalSearch(documents);
    const byNeed = new Map<string, string[]>();
    for (const doc of documents) for (const need of doc.needs) byNeed.set(need, [...(byNeed.get(need) ?? []), doc.id]);
    const withNeeds = new Set(documents.filter((doc) => doc.needs.length > 0).map((doc) => doc.id));
    return {
      search(query, lang, limit) {
        if (limit < 1 || query.trim() === '') return [];
        // Needs come best first, so the first need that reaches a guide is its likeliest.
        const guesses = new Map<string, { confidence: number; need: string }>();
        for (const { need, confidence } of classifier.classify(query, NEEDS_CONSIDERED)) {
          for (const id of byNeed.get(need) ?? []) {
            const guess = guesses.get(id);
            if (guess) guess.confidence += confidence;
            else guesses.set(id, { confidence, need });
          }
        }
        const understood: SearchHit[] = [...guesses]
          .filter(([, guess]) => guess.confidence >= MIN_GUESS)
          .sort(([a, p], [b, q]) => q.confidence - p.confidence || a.localeCompare(b))
          .map(([id, { confidence, need }]) => ({ id, score: round(confidence), confidence: round(confidence), need }));
        const words = lexical.search(query, lang, documents.length);
        if (understood.length === 0) return words.slice(0, limit);
        const others = words.filter((hit) => !withNeeds.has(hit.id));
        // A branch's own topic the model cannot know comes first when the model is not sure and
        // the words match that topic better than any guide the model knows.
        const branchTopicFirst = !isSure(query, understood[0]?.confidence) && words[0] !== undefined && !withNeeds.has(words[0].id);
        return (branchTopicFirst ? [...others, ...understood] : [...understood, ...others]).slice(0, limit);
      },
    };
  };
}

const round = (p: number) => Math.round(p * 1000) / 1000;
