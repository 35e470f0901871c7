/** Feedback answers → CSAT and NPS tallies, comments and complaints for one window. Pure. */
import { inWindow, type Window } from './durations.ts';
import type { FeedbackPart, FeedbackRecord } from './kpi-types.ts';

export function emptyFeedbackPart(): FeedbackPart {
  return { csatResponses: 0, satisfied: 0, npsResponses: 0, promoters: 0, detractors: 0, comments: 0, complaints: 0 };
}

/** A comment is a complaint when the same answer is negative: CSAT ≤ 2 or NPS ≤ 6. */
export function isComplaint(answer: FeedbackRecord): boolean {
  return hasComment(answer) && (answer.csat <= 2 || (answer.nps !== null && answer.nps <= 6));
}

function hasComment(answer: FeedbackRecord): boolean {
  return answer.comment !== null && answer.comment.trim() !== '';
}

function addAnswer(part: FeedbackPart, answer: FeedbackRecord): void {
  part.csatResponses += 1;
  if (answer.csat >= 4) part.satisfied += 1;
  if (answer.nps !== null) {
    part.npsResponses += 1;
    if (answer.nps >= 9) part.promoters += 1;
    if (answer.nps <= 6) part.detractors += 1;
  }
  if (hasComment(answer)) part.comments += 1;
  if (isComplaint(answer)) part.complaints += 1;
}

/** The whole branch's part, and one per service for answers linked to a visit. */
export function feedbackParts(answers: readonly FeedbackRecord[], window: Window): { all: FeedbackPart; byService: Record<string, FeedbackPart> } {
  const all = emptyFeedbackPart();
  const byService: Record<string, FeedbackPart> = {};
  for (const answer of answers) {
    if (!inWindow(answer.at, window)) continue;
    addAnswer(all, answer);
    if (answer.serviceId !== null) addAnswer((byService[answer.serviceId] ??= emptyFeedbackPart()), answer);
  }
  return { all, byService };
}

export function mergeFeedbackParts(parts: readonly FeedbackPart[]): FeedbackPart {
  const merged = emptyFeedbackPart();
  for (const part of parts) {
    for (const key of Object.keys(merged) as Array<keyof FeedbackPart>) merged[key] += part[key];
  }
  return merged;
}
