/** CSAT and NPS from counts of each answer, as the industry computes them. Pure. */
import type { FeedbackSummary } from './schema.ts';

/** How many responses gave each score, e.g. `{ 5: 12, 4: 3 }`. */
export type ScoreCounts = ReadonlyMap<number, number>;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

function total(counts: ScoreCounts, accept: (score: number) => boolean = () => true): number {
  let sum = 0;
  for (const [score, count] of counts) if (accept(score)) sum += count;
  return sum;
}

export function summarise(csat: ScoreCounts, nps: ScoreCounts): FeedbackSummary {
  const responses = total(csat);
  let csatSum = 0;
  for (const [score, count] of csat) csatSum += score * count;
  const npsResponses = total(nps);
  const promoters = total(nps, (score) => score >= 9);
  const detractors = total(nps, (score) => score <= 6);
  return {
    responses,
    csatAverage: responses ? round(csatSum / responses, 2) : null,
    csatSatisfiedPercent: responses ? round((100 * total(csat, (score) => score >= 4)) / responses, 1) : null,
    nps: {
      responses: npsResponses,
      promoters,
      passives: npsResponses - promoters - detractors,
      detractors,
      score: npsResponses ? round((100 * (promoters - detractors)) / npsResponses, 1) : null,
    },
  };
}
