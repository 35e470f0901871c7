/** A failed request, said plainly, with a retry when retrying can help. */
import { ApiError, isBusy, NetworkError } from '../../../shared/api/http.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';

export function ErrorNotice({ error, message, onRetry }: { error: unknown; message?: string; onRetry?: () => void }) {
  const t = useTranslate(commonMessages);
  const text = message ?? (error instanceof NetworkError ? t('errorNetwork') : isBusy(error) ? t('errorBusy') : t('errorGeneric'));
  return (
    <div className="error-notice" role="alert">
      <p className="error-text">{text}</p>
      {onRetry ? (
        <button type="button" className="button-primary big-button" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

/** The telemetry code of a failure (protocol/kiosk-telemetry.ts `code`): where, then what. */
export function errorCode(scope: string, error: unknown): string {
  if (error instanceof NetworkError) return `${scope}.network`;
  if (error instanceof ApiError) return `${scope}.http-${error.status}`;
  return `${scope}.unexpected`;
}
