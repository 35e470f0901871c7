/**
 * The branch's rule set, stored as one JSON row (`RuleSet`), the defaults in code until an
 * administrator saves one. A stored document that no longer validates (an older hub wrote it) is
 * logged and replaced by the defaults rather than stopping the hub.
 */
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_RULES, DISTRESS_RULE_PREFIX, distressRuleFor, RULE_IDS, ruleSetSchema, type DistressKind, type RuleSet } from './rule-set.ts';

export class RuleStore {
  #rules: RuleSet = DEFAULT_RULES;

  constructor(private readonly deps: { db: Db; branchId: string; log: Logger }) {}

  async start(): Promise<void> {
    const row = await this.deps.db.ruleSet.findUnique({ where: { branchId: this.deps.branchId } });
    if (!row) return;
    const parsed = ruleSetSchema.safeParse(JSON.parse(row.rules));
    if (parsed.success) this.#rules = parsed.data;
    else this.deps.log.error({ problems: parsed.error.issues }, 'stored rule set is invalid; running with the defaults');
  }

  current(): RuleSet {
    return this.#rules;
  }

  /** Skills preferred for an alert: a distress rule's, for its zone, or the feedback rule's; none for the others. */
  skillsFor(alert: { ruleId: string | null; zoneId: string | null }): string[] {
    if (alert.ruleId === RULE_IDS.feedback) return this.#rules.feedback.skills;
    if (!alert.ruleId?.startsWith(DISTRESS_RULE_PREFIX) || !alert.zoneId) return [];
    const kind = alert.ruleId.slice(DISTRESS_RULE_PREFIX.length) as DistressKind;
    return this.#rules.distress[kind] ? distressRuleFor(this.#rules, alert.zoneId, kind).skills : [];
  }

  /** Saves an already validated rule set; it applies from the next evaluation on. */
  async save(rules: RuleSet): Promise<RuleSet> {
    const json = JSON.stringify(rules);
    await this.deps.db.ruleSet.upsert({ where: { branchId: this.deps.branchId }, create: { branchId: this.deps.branchId, rules: json }, update: { rules: json } });
    this.#rules = rules;
    return rules;
  }
}
