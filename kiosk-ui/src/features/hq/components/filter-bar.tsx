/**
 * The filters: the period (two dates or a quick pick of the last 7, 30 or 90 complete days), the
 * region, and the service. A typed period applies once it is one the hub accepts; a typed
 * service id applies on Enter or on leaving the field.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { isValidPeriod, lastDays, MAX_PERIOD_DAYS, QUICK_PICK_DAYS, type HqFilters } from '../filters.ts';

export interface FilterBarProps {
  filters: HqFilters;
  onChange(change: Partial<HqFilters>): void;
  regions: readonly string[];
  /** Service ids seen in the data so far, offered as suggestions. */
  serviceIds: readonly string[];
  /** The region is fixed in a branch's own view. */
  showRegion: boolean;
  children?: ReactNode;
}

function PeriodFields({ filters, onChange }: Pick<FilterBarProps, 'filters' | 'onChange'>) {
  const t = useTranslate(hqMessages);
  const [draft, setDraft] = useState({ from: filters.from, to: filters.to });
  useEffect(() => setDraft({ from: filters.from, to: filters.to }), [filters.from, filters.to]);
  const valid = isValidPeriod(draft.from, draft.to);
  const edit = (patch: Partial<typeof draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (isValidPeriod(next.from, next.to)) onChange(next);
  };
  const today = new Date();
  return (
    <>
      <label className="filter-field">
        <span>{t('from')}</span>
        <input type="date" name="from" value={draft.from} max={draft.to} aria-invalid={!valid} onChange={(event) => edit({ from: event.target.value })} />
      </label>
      <label className="filter-field">
        <span>{t('to')}</span>
        <input type="date" name="to" value={draft.to} min={draft.from} aria-invalid={!valid} onChange={(event) => edit({ to: event.target.value })} />
      </label>
      <div className="quick-picks">
        {QUICK_PICK_DAYS.map((days) => {
          const period = lastDays(days, today);
          const chosen = period.from === filters.from && period.to === filters.to;
          return (
            <button key={days} type="button" className="chip" aria-pressed={chosen} data-testid={`last-${days}`} onClick={() => onChange(period)}>
              {t('lastDays', { days })}
            </button>
          );
        })}
      </div>
      {valid ? null : (
        <p className="error-text filter-problem" role="alert">
          {t('badPeriod', { max: MAX_PERIOD_DAYS })}
        </p>
      )}
    </>
  );
}

function ServiceField({ value, serviceIds, onChange }: { value: string | null; serviceIds: readonly string[]; onChange(serviceId: string | null): void }) {
  const t = useTranslate(hqMessages);
  const listId = useId();
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const next = draft.trim() || null;
    if (next !== value) onChange(next);
  };
  return (
    <label className="filter-field">
      <span>{t('service')}</span>
      <input
        name="serviceId"
        list={listId}
        placeholder={t('allServices')}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
      />
      <datalist id={listId}>
        {serviceIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
    </label>
  );
}

export function FilterBar({ filters, onChange, regions, serviceIds, showRegion, children }: FilterBarProps) {
  const t = useTranslate(hqMessages);
  // A region from a shared URL stays choosable even before the branches list names it.
  const regionOptions = filters.region && !regions.includes(filters.region) ? [...regions, filters.region] : regions;
  return (
    <section className="card filter-bar" aria-label={t('filtersTitle')} data-testid="filters">
      <PeriodFields filters={filters} onChange={onChange} />
      {showRegion ? (
        <label className="filter-field">
          <span>{t('region')}</span>
          <select name="region" value={filters.region ?? ''} onChange={(event) => onChange({ region: event.target.value || null })}>
            <option value="">{t('allRegions')}</option>
            {regionOptions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <ServiceField value={filters.serviceId} serviceIds={serviceIds} onChange={(serviceId) => onChange({ serviceId })} />
      <div className="filter-tools">{children}</div>
    </section>
  );
}
