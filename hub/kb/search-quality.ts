/**
 * How well the kiosk's search answers real questions (issue 12): each labelled question is put to
 * the search as the kiosk puts it, and the answer is a hit when the guide it ranks first (or one
 * of the first three) lists the question's need. A question whose best guide has a confidence
 * the kiosk is not sure of (`isSure`) is handed over ("not sure": the kiosk offers a person); the accuracy of
 * the rest is what customers who were answered got. Questions labelled `none` (not about banking)
 * are right when handed over.
 */
import { isSure, questionLanguage } from './need-search.ts';
import type { KbSearch } from './search.ts';

export interface LabelledQuery {
  text: string;
  /** A need (hub/kb/needs.ts), or `none` for a question no guide answers. */
  category: string;
}

export interface SearchQuality {
  queries: number;
  top1: number;
  top3: number;
  /** Share of the questions about a need that the kiosk hands over to a person. */
  handedOver: number;
  /** Top-1 accuracy on the questions it answered itself. */
  answeredAccuracy: number;
  /** Share of the questions about nothing it knows (`none`) that it hands over; null without any. */
  unrelatedHandedOver: number | null;
  p50Ms: number;
  p95Ms: number;
}

export const UNRELATED = 'none';


export function measureSearch(search: KbSearch, needsOf: (articleId: string) => readonly string[], queries: readonly LabelledQuery[]): SearchQuality {
  let top1 = 0;
  let top3 = 0;
  let handedOver = 0;
  let answeredRight = 0;
  let unrelated = 0;
  let unrelatedHandedOver = 0;
  const times: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const hits = search.search(query.text, questionLanguage(query.text), 3);
    times.push(performance.now() - started);
    const sure = isSure(query.text, hits[0]?.confidence);
    if (query.category === UNRELATED) {
      unrelated++;
      if (!sure) unrelatedHandedOver++;
      continue;
    }
    const answers = (index: number) => hits[index] !== undefined && needsOf(hits[index].id).includes(query.category);
    if (answers(0)) top1++;
    if (answers(0) || answers(1) || answers(2)) top3++;
    if (!sure) handedOver++;
    else if (answers(0)) answeredRight++;
  }
  const about = queries.length - unrelated;
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;
  return {
    queries: queries.length,
    top1: share(top1, about),
    top3: share(top3, about),
    handedOver: share(handedOver, about),
    answeredAccuracy: share(answeredRight, about - handedOver),
    unrelatedHandedOver: unrelated > 0 ? share(unrelatedHandedOver, unrelated) : null,
    p50Ms: round(at(0.5), 3),
    p95Ms: round(at(0.95), 3),
  };
}

const share = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : Number.NaN);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
