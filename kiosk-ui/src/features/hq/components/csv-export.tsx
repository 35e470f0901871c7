/**
 * Downloads the ranking as the hub writes it (CSV, UTF-8 with BOM) for the current filters. The
 * file is fetched with the analyst's token, then saved through a temporary link, under the name
 * the hub gives it.
 */
import { useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import type { CsvFile } from '../api/hq-api.ts';

const REVOKE_AFTER_MS = 5_000;

function save({ name, blob }: CsvFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL is freed a moment later, not at once,
  // because some browsers resolve it asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export function CsvExport({ download }: { download(): Promise<CsvFile> }) {
  const t = useTranslate(hqMessages);
  const common = useTranslate(commonMessages);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      save(await download());
    } catch (error) {
      setProblem(t('exportFailed', { message: error instanceof ApiError ? error.message : common('errorNetwork') }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="csv-export">
      <button type="button" className="button-primary" data-testid="export-csv" disabled={busy} onClick={() => void run()}>
        {busy ? t('exporting') : t('exportCsv')}
      </button>
      {problem ? (
        <p className="error-text" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
