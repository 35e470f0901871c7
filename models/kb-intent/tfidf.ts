/**
 * Terms → TF-IDF vectors over a vocabulary learnt from the training questions.
 * A vocabulary (rather than hashing) keeps the model explainable — every weight belongs to a
 * readable term — and pruning it by document frequency keeps it small: a term seen in a single
 * training question is mostly a typo or a name, and would only let the model memorise that question.
 */

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface Vocabulary {
  /** Sorted by code unit, so the same questions give the same vocabulary in the same order. */
  terms: readonly string[];
  /** Smoothed inverse document frequency per term, `ln((1 + n) / (1 + df)) + 1`. */
  idf: Float32Array;
  index: ReadonlyMap<string, number>;
}

/** Keeps terms that occur in at least `minDocumentFrequency` of the questions. */
export function fitVocabulary(documents: readonly ReadonlyMap<string, number>[], minDocumentFrequency: number): Vocabulary {
  const frequency = new Map<string, number>();
  for (const terms of documents) for (const term of terms.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const terms = [...frequency.keys()].filter((term) => frequency.get(term)! >= minDocumentFrequency).sort(compareCodeUnits);
  const idf = Float32Array.from(terms, (term) => Math.log((1 + documents.length) / (1 + frequency.get(term)!)) + 1);
  return vocabularyOf(terms, idf);
}

export function vocabularyOf(terms: readonly string[], idf: Float32Array): Vocabulary {
  return { terms, idf, index: new Map(terms.map((term, i) => [term, i])) };
}

/**
 * Sublinear tf (`1 + ln count`: a word said twice is not twice the evidence) × idf, scaled to unit
 * length so long and short questions score on the same scale. Terms outside the vocabulary are
 * dropped; a question with none gives the empty vector (the model then answers with its priors).
 */
export function vectorize(terms: ReadonlyMap<string, number>, vocabulary: Vocabulary): SparseVector {
  const entries: Array<[number, number]> = [];
  for (const [term, count] of terms) {
    const index = vocabulary.index.get(term);
    if (index !== undefined) entries.push([index, (1 + Math.log(count)) * vocabulary.idf[index]!]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const norm = Math.hypot(...entries.map(([, value]) => value)) || 1;
  return { indices: Int32Array.from(entries, ([index]) => index), values: Float32Array.from(entries, ([, value]) => value / norm) };
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
