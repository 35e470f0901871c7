/**
 * Whether a served customer answers the feedback prompt, and what they say. Satisfaction falls
 * as the wait grows past the service's target (a wait under half the target costs nothing), the
 * branch's warmth lifts or lowers it, and unhappy customers write comments more often. The dice
 * are thrown when the visit is planned (`FeedbackDice`), so the answer depends only on them and
 * on the wait the hub actually produced.
 */
import type { SeededRandom } from '../../queue/simulate-random.ts';

export interface FeedbackDice {
  respond: number;
  mood: number;
  recommend: number;
  answersNps: number;
  comments: number;
  pick: number;
}

export interface FeedbackAnswer {
  csat: number;
  nps?: number;
  comment?: string;
  language: 'zh-CN' | 'en';
}

export interface VisitOutcome {
  waitS: number;
  targetWaitS: number;
  /** The branch's warmth, in CSAT points. */
  warmth: number;
  language: 'zh-CN' | 'en';
}

/** Share of served customers who answer. */
export const RESPONSE_RATE = 0.32;
/** Customers who waited twice the target or more answer more often: they have something to say. */
const LONG_WAIT_RESPONSE_RATE = 0.42;
const BASE_SATISFACTION = 4.3;

export function throwFeedbackDice(random: SeededRandom): FeedbackDice {
  return { respond: random.next(), mood: random.normal(), recommend: random.normal(), answersNps: random.next(), comments: random.next(), pick: random.next() };
}

/** How much the wait costs in CSAT points: nothing up to half the target, then up to 2.8 points. */
export function waitPenalty(waitS: number, targetWaitS: number): number {
  return Math.min(2.8, Math.max(0, waitS / targetWaitS - 0.5) * 1.2);
}

export function feedbackAnswer(dice: FeedbackDice, visit: VisitOutcome): FeedbackAnswer | null {
  const rate = visit.waitS >= 2 * visit.targetWaitS ? LONG_WAIT_RESPONSE_RATE : RESPONSE_RATE;
  if (dice.respond >= rate) return null;
  const satisfaction = BASE_SATISFACTION + visit.warmth - waitPenalty(visit.waitS, visit.targetWaitS) + 0.65 * dice.mood;
  const csat = clamp(Math.round(satisfaction), 1, 5);
  const answer: FeedbackAnswer = { csat, language: visit.language };
  if (dice.answersNps < 0.78) answer.nps = clamp(Math.round(2 * satisfaction - 0.2 + 1.1 * dice.recommend), 0, 10);
  const commentRate = csat <= 2 ? 0.5 : csat === 5 ? 0.18 : 0.1;
  if (dice.comments < commentRate) answer.comment = commentFor(csat, visit, dice.pick);
  return answer;
}

type Tone = 'praise' | 'neutral' | 'slow' | 'unhappy';

const COMMENTS: Record<Tone, Array<{ en: string; zh: string }>> = {
  praise: [
    { en: 'Quick and friendly, thank you.', zh: '办理很快，服务很热情，谢谢。' },
    { en: 'The staff explained everything clearly.', zh: '工作人员解释得很清楚。' },
    { en: 'Very efficient service today.', zh: '今天的服务效率很高。' },
  ],
  neutral: [
    { en: 'Fine, but the kiosk was hard to find.', zh: '还可以，就是自助机不太好找。' },
    { en: 'OK overall.', zh: '总体还行。' },
    { en: 'More seats in the waiting area would help.', zh: '等候区的座位可以再多一些。' },
  ],
  slow: [
    { en: 'The wait was far too long.', zh: '等待时间太长了。' },
    { en: 'Only two counters open at lunchtime.', zh: '午休时间只开了两个窗口。' },
    { en: 'The queue barely moved.', zh: '排队几乎不动。' },
  ],
  unhappy: [
    { en: 'I had to explain my request three times.', zh: '我的需求说了三遍才明白。' },
    { en: 'The staff member seemed in a hurry.', zh: '工作人员显得很不耐烦。' },
    { en: 'I was sent to the wrong counter.', zh: '被指引到了错误的窗口。' },
  ],
};

function commentFor(csat: number, visit: VisitOutcome, pick: number): string {
  const tone: Tone = csat >= 4 ? 'praise' : visit.waitS > visit.targetWaitS ? 'slow' : csat === 3 ? 'neutral' : 'unhappy';
  const options = COMMENTS[tone];
  const text = options[Math.min(options.length - 1, Math.floor(pick * options.length))]!;
  return visit.language === 'en' ? text.en : text.zh;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
