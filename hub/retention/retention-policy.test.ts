import { describe, expect, it } from 'vitest';
import { DAY_MS, effectiveSettings, retentionCutoffs } from './retention-policy.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');

describe('retention cutoffs', () => {
  it('are the periods back from now when every older hour of the experience log is final', () => {
    const cutoffs = retentionCutoffs(NOW, { rawDays: 90, freeTextDays: 30, auditDays: 365 }, NOW - 3_600_000);
    expect(cutoffs).toEqual({
      raw: new Date(NOW - 90 * DAY_MS), aggregated: new Date(NOW - 90 * DAY_MS),
      freeText: new Date(NOW - 30 * DAY_MS), freeTextAggregated: new Date(NOW - 30 * DAY_MS),
      audit: new Date(NOW - 365 * DAY_MS),
    });
  });

  it('never reach past the first hour that is not final, for what the log is computed from', () => {
    const openHour = NOW - 100 * DAY_MS;
    const cutoffs = retentionCutoffs(NOW, { rawDays: 90, freeTextDays: 30, auditDays: 365 }, openHour);
    expect(cutoffs.aggregated).toEqual(new Date(openHour));
    expect(cutoffs.freeTextAggregated).toEqual(new Date(openHour));
    expect(cutoffs.raw).toEqual(new Date(NOW - 90 * DAY_MS));
  });

  it('remove nothing the log is computed from while it has no hour', () => {
    const cutoffs = retentionCutoffs(NOW, { rawDays: 90, freeTextDays: 30, auditDays: 365 }, null);
    expect(cutoffs.aggregated).toBeNull();
    expect(cutoffs.freeTextAggregated).toBeNull();
  });

  it('keep the audit log for its own period, shorter or longer than the raw records', () => {
    expect(retentionCutoffs(NOW, { rawDays: 90, freeTextDays: 30, auditDays: 400 }, null).audit).toEqual(new Date(NOW - 400 * DAY_MS));
  });

  it('keep free text no longer than the record that holds it', () => {
    expect(effectiveSettings({ rawDays: 14, freeTextDays: 30, auditDays: 7 })).toEqual({ rawDays: 14, freeTextDays: 14, auditDays: 7 });
    expect(retentionCutoffs(NOW, { rawDays: 14, freeTextDays: 30, auditDays: 7 }, NOW).freeText).toEqual(new Date(NOW - 14 * DAY_MS));
  });
});
