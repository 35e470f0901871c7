/**
 * A negative feedback answer (CSAT ≤ `csatAtMost` or NPS ≤ `npsAtMost`) opens a follow-up case for
 * the floor the moment it is stored, so someone can speak with the customer while they are still
 * in the branch. Each answer is its own case (keyed by the answer), closed by the floor with an
 * outcome through the normal alert lifecycle. The case names the visit (ticket number, service,
 * counter, wait) but never the comment's words: the floor reads those in the feedback list.
 * At start, the answers of the last half hour that have no case yet (the hub stopped between
 * storing one and opening its case) get theirs, while the customer may still be there.
 */
import type { AlertService } from '../alerts/alert-service.ts';
import type { FeedbackService } from '../feedback/feedback-service.ts';
import type { FeedbackVisit } from '../feedback/feedback-visit.ts';
import type { FeedbackItem } from '../feedback/schema.ts';
import { feedbackReason, feedbackSuggestion } from './alert-text.ts';
import type { BranchFactsView } from './branch-facts.ts';
import { RULE_IDS, type RuleSet, type Severity } from './rule-set.ts';

export const FEEDBACK_ALERT_KIND = 'feedback-follow-up';
/** How far back a start looks for answers without a case: about as long as a customer stays. */
export const FEEDBACK_RESTORE_S = 1800;

export interface FeedbackRuleDeps {
  alerts: Pick<AlertService, 'raise'>;
  facts: BranchFactsView;
  rules: () => RuleSet;
  /** The answers, and the visit of an answer's ticket, read when the case opens. */
  feedback: Pick<FeedbackService, 'visit' | 'list'>;
}

type Answer = Pick<FeedbackItem, 'id' | 'ticketId' | 'csat' | 'nps' | 'comment'>;

export class FeedbackRule {
  constructor(private readonly deps: FeedbackRuleDeps) {}

  /** Opens the missing cases of recent answers; one already opened, even if closed since, stays as it is. */
  async restore(nowMs: number): Promise<void> {
    const { items } = await this.deps.feedback.list({ from: new Date(nowMs - FEEDBACK_RESTORE_S * 1000), limit: 500 });
    // A case resolved since its answer was stored falls inside this cool-down; an open one is kept.
    for (const answer of items.reverse()) await this.onFeedback(answer, FEEDBACK_RESTORE_S);
  }

  async onFeedback(answer: Answer, cooldownS?: number): Promise<void> {
    const rule = this.deps.rules().feedback;
    const negative = answer.csat <= rule.csatAtMost || (answer.nps !== null && answer.nps <= rule.npsAtMost);
    if (!rule.enabled || !negative) return;
    const visit = answer.ticketId ? await this.deps.feedback.visit(answer.ticketId) : null;
    const commented = Boolean(answer.comment);
    await this.deps.alerts.raise({
      dedupKey: `feedback:${answer.id}`,
      ruleId: RULE_IDS.feedback,
      kind: FEEDBACK_ALERT_KIND,
      severity: severityOf(answer.csat, commented),
      zoneId: this.#zoneOf(visit),
      sourceId: null,
      needsPerson: rule.needsPerson,
      reason: feedbackReason({
        csat: answer.csat,
        nps: answer.nps,
        commented,
        visit: visit && { ticketNumber: visit.ticketNumber, service: this.deps.facts.service(visit.serviceId), serviceId: visit.serviceId, counter: visit.counter ?? undefined, waitS: visit.waitS },
      }),
      suggestion: feedbackSuggestion(commented),
      cooldownS,
    });
  }

  /** Where to look for the customer: at the counters if one served them, else the lobby. */
  #zoneOf(visit: FeedbackVisit | null): string | null {
    const kind = visit?.counter ? 'counter' : 'lobby';
    return this.deps.facts.zones().filter((zone) => zone.kind === kind).map((zone) => zone.id).sort()[0] ?? null;
  }
}

/** The lowest score with a complaint written down is the most urgent to hear out. */
function severityOf(csat: number, commented: boolean): Severity {
  return csat === 1 && commented ? 'high' : 'medium';
}
