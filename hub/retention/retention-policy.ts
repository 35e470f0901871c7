/**
 * What the retention job may remove, as instants: raw records older than the retention period, free
 * text older than its shorter period — but never a record an hour of the experience log still
 * needs. Pure.
 *
 * The experience log (`ExperienceHour`) is recomputed from the raw records until an hour is final;
 * a final hour is never computed again. So records that feed it (events, tickets, feedback, alerts
 * and dispatches) are kept until every hour they can fall in is final: the bound is the start of the
 * earliest hour not yet final, else the end of the latest final hour; with no hour stored yet,
 * nothing that feeds the log is removed.
 */
export const DAY_MS = 86_400_000;

export interface RetentionSettings {
  /** Raw records (events, tickets, feedback answers, alerts, dead letters, ...) are kept this many days. */
  rawDays: number;
  /** Free text people wrote (feedback comments, alert outcomes) and dead-letter payloads; at most rawDays. */
  freeTextDays: number;
  /** The audit log (who logged in, exported, changed the configuration, overrode a dispatch) is kept this many days. */
  auditDays: number;
}

export interface RetentionCutoffs {
  /** Records that feed no aggregate (dead letters, appointments) older than this go. */
  raw: Date;
  /** Records the experience log is computed from, older than this, go; null: none may go yet. */
  aggregated: Date | null;
  /** Free text that feeds no aggregate older than this is cleared. */
  freeText: Date;
  /** Feedback comments (their presence is counted in the log) older than this are cleared; null: none yet. */
  freeTextAggregated: Date | null;
  /** Audit log entries older than this go. */
  audit: Date;
}

/** The effective settings: free text never outlives the record that holds it. */
export function effectiveSettings(settings: RetentionSettings): RetentionSettings {
  return { ...settings, freeTextDays: Math.min(settings.freeTextDays, settings.rawDays) };
}

/**
 * @param now the hub's clock (epoch ms)
 * @param finalUntil the instant up to which every hour of the experience log is final (null: no hour stored)
 */
export function retentionCutoffs(now: number, settings: RetentionSettings, finalUntil: number | null): RetentionCutoffs {
  const { rawDays, freeTextDays, auditDays } = effectiveSettings(settings);
  const raw = now - rawDays * DAY_MS;
  const freeText = now - freeTextDays * DAY_MS;
  const bounded = (instant: number) => (finalUntil === null ? null : new Date(Math.min(instant, finalUntil)));
  return {
    raw: new Date(raw), aggregated: bounded(raw), freeText: new Date(freeText), freeTextAggregated: bounded(freeText), audit: new Date(now - auditDays * DAY_MS),
  };
}
