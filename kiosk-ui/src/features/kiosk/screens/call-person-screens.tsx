/**
 * Call a person: the request goes to the edge node that watches this kiosk (a `help-request`
 * interaction), which alerts the floor staff. Only when it was delivered does the screen say
 * someone is coming; otherwise it sends the customer to a person directly.
 */
import { useState } from 'react';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../kiosk-context.ts';

/** Calls a person now and then shows whether the call reached the staff; `calling` while it goes. */
export function useCallPerson(): { calling: boolean; call: () => Promise<void> } {
  const { nav, session, flushTelemetry } = useKiosk();
  const [calling, setCalling] = useState(false);
  const call = async () => {
    setCalling(true);
    session.helpRequest();
    const reached = await flushTelemetry();
    nav.replace({ kind: 'call-sent', reached });
  };
  return { calling, call };
}

export function CallPersonScreen() {
  const t = useTranslate(kioskMessages);
  const { calling, call } = useCallPerson();

  return (
    <ScreenFrame title={t('callTitle')}>
      <p className="lead">{t('callBody')}</p>
      <div className="choice-row">
        <button type="button" className="big-button button-primary" data-testid="call-confirm" disabled={calling} onClick={() => void call()}>
          {t('callConfirm')}
        </button>
      </div>
    </ScreenFrame>
  );
}

export function CallSentScreen({ reached }: { reached: boolean }) {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={reached ? t('callSentTitle') : t('callTitle')}>
      <p className="lead" data-speak="" data-testid="call-result">
        {reached ? t('callSentBody') : t('callNotSentBody')}
      </p>
      <div className="choice-row">
        <button type="button" className="big-button button-primary" onClick={nav.home}>
          {t('finished')}
        </button>
      </div>
    </ScreenFrame>
  );
}
