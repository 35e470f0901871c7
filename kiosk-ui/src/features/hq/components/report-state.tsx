/**
 * A report while it first loads, when it failed (with the hub's reason and a retry), and once it
 * is here; while it updates for new filters, the previous answer stays, marked busy.
 */
import type { ReactNode } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import type { Report } from '../hooks/use-report.ts';

export function ReportState<T>({ report, children }: { report: Report<T>; children(value: T): ReactNode }) {
  const t = useTranslate(hqMessages);
  const common = useTranslate(commonMessages);
  if (report.error && !report.updating) {
    const reason = report.error instanceof ApiError ? report.error.message : common('errorNetwork');
    return (
      <div className="card report-problem" role="alert" data-testid="report-error">
        <p className="error-text">{t('loadFailed', { message: reason })}</p>
        <button type="button" onClick={report.reload}>
          {common('retry')}
        </button>
      </div>
    );
  }
  if (report.value === null) {
    return (
      <p className="report-loading" role="status" data-testid="report-loading">
        {common('loading')}
      </p>
    );
  }
  return (
    <div className={report.updating ? 'report report-updating' : 'report'} aria-busy={report.updating} data-updating={report.updating}>
      {children(report.value)}
    </div>
  );
}

export function EmptyReport() {
  const t = useTranslate(hqMessages);
  return (
    <div className="card report-empty" data-testid="report-empty">
      <p className="report-empty-title">{t('empty')}</p>
      <p>{t('emptyHint')}</p>
    </div>
  );
}
