/**
 * Lexical search over the knowledge base, in English and Chinese. A match in a title counts more
 * than one in the keywords, the summary or the steps; rare terms count more than common ones
 * ("card" is in most articles, "swallowed" in one); an unknown English word of five letters or
 * more may match a known one a typo away, and an unknown word of three or more the start of a
 * known one (the customer is still typing). Only the `KbSearch` interface leaves this module, so
 * a model trained on customers' real questions can replace it.
 */
import { editDistance } from './edit-distance.ts';
import { termKind, tokenize } from './tokenize.ts';

export const KB_LANGUAGES = ['zh-CN', 'en'] as const;
export type KbLanguage = (typeof KB_LANGUAGES)[number];

export interface SearchHit {
  id: string;
  /** Higher is more relevant; comparable only within one answer. */
  score: number;
  /** How sure a model is that the article answers the question (0–1); null from words alone. */
  confidence: number | null;
  /** Which of the article's needs the model read in the question (its likeliest); null from words alone. */
  need: string | null;
}

export interface KbSearch {
  /** The best articles for `query`, best first, at most `limit`; `lang` is the customer's language. */
  search(query: string, lang: KbLanguage, limit: number): SearchHit[];
}

export interface SearchFields {
  title: string;
  keywords: string;
  summary: string;
  steps: readonly string[];
}

export interface SearchDocument {
  id: string;
  text: Record<KbLanguage, SearchFields>;
  /** The customer needs the article answers (hub/kb/needs.ts). */
  needs: readonly string[];
}

const FIELD_WEIGHTS = { title: 4, keywords: 3, summary: 2, steps: 1 } as const;
/** A match in the other language's text counts this much: "ATM" in a Chinese query still finds the English words. */
const OTHER_LANGUAGE = 0.6;
/** Single Han characters say little on their own; bigrams carry the meaning. */
const KIND_WEIGHTS = { word: 1, bigram: 1, char: 0.25 } as const;
const TYPO_QUALITY = [1, 0.7, 0.5] as const;
const PREFIX_QUALITY = 0.5;
/** Results scoring below this share of the best one are noise (one common word in the steps). */
const RELATIVE_CUTOFF = 0.15;

interface IndexedDocument {
  id: string;
  /** term → the weight of the best field it appears in, per language. */
  terms: Record<KbLanguage, Map<string, number>>;
}

type Candidate = { term: string; quality: number };

function indexFields(fields: SearchFields): Map<string, number> {
  const terms = new Map<string, number>();
  const texts: [keyof typeof FIELD_WEIGHTS, string][] = [['title', fields.title], ['keywords', fields.keywords], ['summary', fields.summary], ['steps', fields.steps.join('\n')]];
  for (const [field, text] of texts) {
    for (const term of tokenize(text)) terms.set(term, Math.max(terms.get(term) ?? 0, FIELD_WEIGHTS[field]));
  }
  return terms;
}

function typoBudget(word: string): number {
  if (word.length >= 9) return 2;
  return word.length >= 5 ? 1 : 0;
}

export function createLexicalSearch(documents: readonly SearchDocument[]): KbSearch {
  const indexed: IndexedDocument[] = documents.map((doc) => ({ id: doc.id, terms: { 'zh-CN': indexFields(doc.text['zh-CN']), en: indexFields(doc.text.en) } }));
  const documentFrequency = new Map<string, number>();
  for (const doc of indexed) {
    for (const term of new Set([...doc.terms['zh-CN'].keys(), ...doc.terms.en.keys()])) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const vocabulary = [...documentFrequency.keys()].filter((term) => termKind(term) === 'word');
  const idf = (term: string) => Math.log(1 + indexed.length / (documentFrequency.get(term) ?? 1));

  /** Known terms a query term stands for: itself, else near spellings, else words it starts. */
  function candidates(queryTerm: string): Candidate[] {
    if (documentFrequency.has(queryTerm)) return [{ term: queryTerm, quality: 1 }];
    if (termKind(queryTerm) !== 'word') return [];
    const budget = typoBudget(queryTerm);
    const found: Candidate[] = [];
    for (const term of vocabulary) {
      const distance = budget > 0 ? editDistance(queryTerm, term, budget) : budget + 1;
      if (distance <= budget) found.push({ term, quality: TYPO_QUALITY[distance]! });
      else if (queryTerm.length >= 3 && term.startsWith(queryTerm)) found.push({ term, quality: PREFIX_QUALITY });
    }
    return found;
  }

  function weightIn(doc: IndexedDocument, term: string, lang: KbLanguage): number {
    const other: KbLanguage = lang === 'en' ? 'zh-CN' : 'en';
    return Math.max(doc.terms[lang].get(term) ?? 0, OTHER_LANGUAGE * (doc.terms[other].get(term) ?? 0));
  }

  return {
    search(query, lang, limit) {
      const queryTerms = [...new Set(tokenize(query))].map((term) => ({ weight: KIND_WEIGHTS[termKind(term)], candidates: candidates(term) }));
      const totalWeight = queryTerms.reduce((sum, term) => sum + term.weight, 0);
      if (totalWeight === 0 || limit < 1) return [];

      const hits: SearchHit[] = [];
      for (const doc of indexed) {
        let score = 0;
        let matchedWeight = 0;
        for (const queryTerm of queryTerms) {
          let best = 0;
          for (const { term, quality } of queryTerm.candidates) best = Math.max(best, quality * idf(term) * weightIn(doc, term, lang));
          if (best > 0) {
            score += queryTerm.weight * best;
            matchedWeight += queryTerm.weight;
          }
        }
        // An article that answers every word of the question beats one that repeats a single word.
        if (score > 0) hits.push({ id: doc.id, score: score * (0.5 + (0.5 * matchedWeight) / totalWeight), confidence: null, need: null });
      }
      hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      const floor = (hits[0]?.score ?? 0) * RELATIVE_CUTOFF;
      return hits.filter((hit) => hit.score >= floor).slice(0, limit).map((hit) => ({ ...hit, score: Math.round(hit.score * 1000) / 1000 }));
    },
  };
}
