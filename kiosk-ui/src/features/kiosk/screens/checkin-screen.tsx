/** Check in for an appointment by typing its code on the on-screen keypad. */
import { useState } from 'react';
import { ApiError, isBusy } from '../../../shared/api/http.ts';
import type { TicketView } from '../../../shared/api/queue-types.ts';
import { useAction } from '../../../shared/hooks/use-async.ts';
import type { TranslateOf } from '../../../shared/i18n/catalogue.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { CODE_KEYS, CODE_LENGTH } from '../checkin-code.ts';
import { ErrorNotice, errorCode } from '../components/error-notice.tsx';
import { Keypad } from '../components/keypad.tsx';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../kiosk-context.ts';

function failureMessage(error: unknown, t: TranslateOf<typeof kioskMessages>): string | undefined {
  if (!(error instanceof ApiError) || isBusy(error)) return undefined;
  if (error.status === 404 || error.status === 400) return t('codeNotFound');
  if (error.status === 409) return t('codeOutsideWindow');
  return undefined;
}

export function CheckInScreen() {
  const t = useTranslate(kioskMessages);
  const { language } = useLanguage();
  const { nav, session } = useKiosk();
  const [code, setCode] = useState('');
  const [checkIn, run] = useAction<TicketView>();

  const submit = async () => {
    const outcome = await run(() => kioskApi.checkIn(code, language));
    if (outcome?.ok) nav.replace({ kind: 'checkin-ticket', ticket: outcome.value });
    else if (outcome) session.error(errorCode('checkin', outcome.error));
  };

  return (
    <ScreenFrame title={t('enterCode')}>
      <Keypad value={code} onChange={setCode} keys={CODE_KEYS} maxLength={CODE_LENGTH} />
      {checkIn.status === 'error' ? <ErrorNotice error={checkIn.error} message={failureMessage(checkIn.error, t)} /> : null}
      <div className="choice-row">
        <button type="button" className="big-button button-primary" data-testid="check-in-submit" disabled={code.length !== CODE_LENGTH || checkIn.status === 'pending'} onClick={() => void submit()}>
          {checkIn.status === 'pending' ? t('checkingIn') : t('checkIn')}
        </button>
      </div>
    </ScreenFrame>
  );
}
