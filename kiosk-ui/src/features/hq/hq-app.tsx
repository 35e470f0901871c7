/**
 * HQ's cross-branch experience reports (`/hq/`, desktop): filters kept in the URL, the branch
 * ranking with trends and a CSV export, charts of the period, and a drill-down into one branch.
 * Signed in as an HQ analyst (or admin).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Refusal } from '../../shared/api/authed-socket.ts';
import { useSession, type Login } from '../../shared/auth/session.ts';
import { StaffScreen } from '../../shared/components/staff-screen.tsx';
import { useTranslate } from '../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../shared/i18n/messages/hq.ts';
import { hqApi } from './api/hq-api.ts';
import { BranchView } from './components/branch-view.tsx';
import { CsvExport } from './components/csv-export.tsx';
import { FilterBar } from './components/filter-bar.tsx';
import { Overview } from './components/overview.tsx';
import { searchFromFilters, type HqFilters } from './filters.ts';
import { useReport } from './hooks/use-report.ts';
import { useUrlFilters } from './hooks/use-url-filters.ts';
import './hq.css';

/** The roles the hub answers HQ reports for (hub/hq/README.md). */
const HQ_ROLES = ['hq', 'admin'];
const STORAGE_KEY = 'tp.hq.login';

const hrefFor = (filters: HqFilters) => `${window.location.pathname}${searchFromFilters(filters, window.location.search)}`;

function HqReports({ login, onRefused }: { login: Login; onRefused(refusal?: Refusal): void }) {
  const api = useMemo(() => hqApi(login.token), [login.token]);
  const [filters, change] = useUrlFilters();
  const branches = useReport(api.branches, [api], onRefused);
  const regions = useMemo(() => [...new Set((branches.value ?? []).map((branch) => branch.region))].sort(), [branches.value]);
  const [seenServices, setSeenServices] = useState<readonly string[]>([]);
  const onServicesSeen = useCallback((ids: string[]) => setSeenServices((known) => [...new Set([...known, ...ids])].sort()), []);
  const download = useCallback(() => api.rankingCsv(filters), [api, filters]);
  // Opening a branch or going back starts at the top of the new view. In a block: Chromium's
  // scrollTo returns a promise, which React would take for the effect's cleanup and call.
  useEffect(() => {
    window.scrollTo({ top: 0 });
  }, [filters.branch]);

  return (
    <>
      <FilterBar filters={filters} onChange={change} regions={regions} serviceIds={seenServices} showRegion={filters.branch === null}>
        {filters.branch === null ? <CsvExport download={download} /> : null}
      </FilterBar>
      {filters.branch === null ? (
        <Overview
          api={api}
          filters={filters}
          onSort={(sort) => change({ sort })}
          onOpenBranch={(branch) => change({ branch })}
          branchHref={(branch) => hrefFor({ ...filters, branch })}
          onRefused={onRefused}
        />
      ) : (
        <BranchView
          api={api}
          branchId={filters.branch}
          filters={filters}
          allHref={hrefFor({ ...filters, branch: null })}
          onBack={() => change({ branch: null })}
          onRefused={onRefused}
          onServicesSeen={onServicesSeen}
        />
      )}
    </>
  );
}

export function HqApp() {
  const t = useTranslate(hqMessages);
  const session = useSession(STORAGE_KEY);
  return (
    <StaffScreen page="hq" title={t('title')} session={session} roles={HQ_ROLES}>
      {(login) => <HqReports login={login} onRefused={session.refused} />}
    </StaffScreen>
  );
}
