/**
 * One branch in full for the period: its headline figures and feedback, each service, incidents
 * and how fast they were answered, its kiosks and what customers asked their self-help, and its own
 * days and busy hours.
 */
import type { Refusal } from '../../../shared/api/authed-socket.ts';
import type { HqBranchDetail } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import type { HqApi } from '../api/hq-api.ts';
import type { HqFilters } from '../filters.ts';
import { formatDateTime } from '../format.ts';
import { useReport } from '../hooks/use-report.ts';
import { branchName } from '../ranking-order.ts';
import { BranchSummary } from './branch-summary.tsx';
import { IncidentKinds } from './incident-kinds.tsx';
import { KioskTasks } from './kiosk-tasks.tsx';
import { PeriodLine } from './period-line.tsx';
import { EmptyReport, ReportState } from './report-state.tsx';
import { ResponseTimes } from './response-times.tsx';
import { SelfHelpNeeds } from './self-help-needs.tsx';
import { ServiceTable } from './service-table.tsx';
import { TrendCharts } from './trend-charts.tsx';

export interface BranchViewProps {
  api: HqApi;
  branchId: string;
  filters: HqFilters;
  allHref: string;
  onBack(): void;
  onRefused(refusal?: Refusal): void;
  /** Tells the page which service ids this branch has, for the service filter's suggestions. */
  onServicesSeen(serviceIds: string[]): void;
}

function BranchHeading({ detail }: { detail: HqBranchDetail }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const { branch } = detail;
  return (
    <div className="branch-heading">
      <h2 data-testid="branch-name">
        {branchName(branch, language)}
        {branch.simulated ? (
          <span className="badge badge-simulated" title={t('simulatedTitle')}>
            {t('simulated')}
          </span>
        ) : null}
        {branch.stale ? (
          <span className="badge badge-stale" title={t('staleTitle', { time: formatDateTime(branch.lastHourEnd, language) })}>
            {t('stale')}
          </span>
        ) : null}
      </h2>
      <p className="muted">
        {t('branchFacts', { region: branch.region, timezone: branch.timezone })} · {t('lastReport', { time: formatDateTime(branch.lastReportAt, language) })}
      </p>
      <PeriodLine period={detail.period} />
    </div>
  );
}

export function BranchView({ api, branchId, filters, allHref, onBack, onRefused, onServicesSeen }: BranchViewProps) {
  const t = useTranslate(hqMessages);
  const { from, to, serviceId } = filters;
  const detail = useReport(async () => {
    const loaded = await api.branchKpis(branchId, filters);
    onServicesSeen(Object.keys(loaded.kpis.byService));
    return loaded;
  }, [api, branchId, from, to, serviceId], onRefused);
  const trend = useReport(() => api.trend(filters), [api, branchId, from, to, serviceId], onRefused);
  const heatmap = useReport(() => api.heatmap(filters), [api, branchId, from, to], onRefused);

  return (
    <div className="branch-view" data-testid="branch-view" data-branch={branchId}>
      <a
        className="back-link"
        href={allHref}
        data-testid="back-to-all"
        onClick={(event) => {
          event.preventDefault();
          onBack();
        }}
      >
        {t('backToAll')}
      </a>
      <ReportState report={detail}>
        {(loaded) => (
          <>
            <BranchHeading detail={loaded} />
            {loaded.days.length === 0 ? (
              <EmptyReport />
            ) : (
              <>
                <BranchSummary kpis={loaded.kpis} />
                <ServiceTable kpis={loaded.kpis} />
                <div className="panel-grid">
                  <IncidentKinds distress={loaded.kpis.distress} />
                  <ResponseTimes alerts={loaded.kpis.alerts} />
                  <KioskTasks kiosk={loaded.kpis.kiosk} />
                </div>
                <SelfHelpNeeds selfHelp={loaded.kpis.kiosk.selfHelp} />
                <div className="chart-grid">
                  <ReportState report={trend}>
                    {(days) => <ReportState report={heatmap}>{(hours) => <TrendCharts trend={days} heatmap={hours} />}</ReportState>}
                  </ReportState>
                </div>
              </>
            )}
          </>
        )}
      </ReportState>
    </div>
  );
}
