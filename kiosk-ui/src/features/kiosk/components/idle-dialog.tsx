/** "Are you still there?" with the seconds left before the kiosk forgets everything. */
import { ModalDialog } from '../../../shared/components/modal-dialog.tsx';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import type { IdleGuard } from '../hooks/use-idle-guard.ts';

export function IdleDialog({ guard }: { guard: IdleGuard }) {
  const t = useTranslate(kioskMessages);
  return (
    <ModalDialog open={guard.warning} labelledBy="idle-title" onCancel={guard.keepGoing}>
      <h2 id="idle-title">{t('idleTitle')}</h2>
      <p className="idle-countdown" data-testid="idle-countdown">
        {t('idleBody', { s: guard.secondsLeft })}
      </p>
      <button type="button" className="button-primary big-button" autoFocus onClick={guard.keepGoing}>
        {t('idleContinue')}
      </button>
    </ModalDialog>
  );
}
