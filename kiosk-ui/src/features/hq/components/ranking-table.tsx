/**
 * The branches side by side: one row per branch with its KPIs and their trend, ordered by the
 * column the analyst picked (a header is a button), and the merged total of all rows at the
 * bottom. A branch's name opens its own view.
 */
import type { HqRanking, HqRankingRow } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { formatDateTime } from '../format.ts';
import { KPI_COLUMNS, kpiColumn, type ColumnKey } from '../kpi-columns.ts';
import { branchName, orderRows } from '../ranking-order.ts';
import { KpiValue, TrendDelta } from './kpi-cell.tsx';

export interface RankingTableProps {
  ranking: HqRanking;
  sort: ColumnKey;
  onSort(sort: ColumnKey): void;
  /** The URL of a branch's own view, for its link. */
  branchHref(branchId: string): string;
  onOpenBranch(branchId: string): void;
}

function SortHeader({ column, sort, onSort, className }: { column: ColumnKey; sort: ColumnKey; onSort(sort: ColumnKey): void; className?: string }) {
  const t = useTranslate(hqMessages);
  const label = t(`col.${column}`);
  const active = column === sort;
  // Best first: the smallest wait on top, the highest service level on top, names A to Z.
  const direction = column === 'name' || kpiColumn(column).better === 'lower' ? 'ascending' : 'descending';
  return (
    <th scope="col" className={className} aria-sort={active ? direction : undefined} data-column={column}>
      <button type="button" className={active ? 'sort-button sort-active' : 'sort-button'} title={t('sortBy', { column: label })} onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (direction === 'ascending' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

function BranchCell({ row, href, onOpen }: { row: HqRankingRow; href: string; onOpen(): void }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const { branch } = row;
  return (
    <th scope="row" className="branch-cell">
      <a
        href={href}
        data-testid={`open-${branch.id}`}
        onClick={(event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          onOpen();
        }}
      >
        {branchName(branch, language)}
      </a>
      <span className="branch-marks">
        <span className="branch-region">{branch.region}</span>
        {branch.simulated ? (
          <span className="badge badge-simulated" title={t('simulatedTitle')} data-testid="badge-simulated">
            {t('simulated')}
          </span>
        ) : null}
        {branch.stale ? (
          <span className="badge badge-stale" title={t('staleTitle', { time: formatDateTime(branch.lastHourEnd, language) })} data-testid="badge-stale">
            {t('stale')}
          </span>
        ) : null}
      </span>
    </th>
  );
}

export function RankingTable({ ranking, sort, onSort, branchHref, onOpenBranch }: RankingTableProps) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  return (
    <div className="table-scroll">
      <table className="ranking-table" data-testid="ranking">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('col.rank')}
            </th>
            <SortHeader column="name" sort={sort} onSort={onSort} className="branch-cell" />
            {KPI_COLUMNS.map((column) => (
              <SortHeader key={column.key} column={column.key} sort={sort} onSort={onSort} className="num" />
            ))}
          </tr>
        </thead>
        <tbody>
          {orderRows(ranking.rows, sort, language).map(({ rank, row }) => (
            <tr key={row.branch.id} data-testid={`row-${row.branch.id}`} data-branch={row.branch.id} title={row.previous ? undefined : t('noPrevious')}>
              <td className="num rank-cell">{rank}</td>
              <BranchCell row={row} href={branchHref(row.branch.id)} onOpen={() => onOpenBranch(row.branch.id)} />
              {KPI_COLUMNS.map((column) => (
                <td key={column.key} className="num" data-column={column.key}>
                  <KpiValue column={column} line={row.kpis} minResponses={ranking.minResponses} />
                  <TrendDelta column={column} current={row.kpis} previous={row.previous} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="row-total">
            <td />
            <th scope="row" className="branch-cell">
              {t('total')}
            </th>
            {KPI_COLUMNS.map((column) => (
              <td key={column.key} className="num" data-column={column.key}>
                <KpiValue column={column} line={ranking.total} minResponses={ranking.minResponses} />
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
