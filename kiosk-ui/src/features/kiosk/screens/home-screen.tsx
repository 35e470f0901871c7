import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { CalendarIcon, FeedbackIcon, HelpIcon, PersonIcon, TicketIcon } from '../components/icons.tsx';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { Tile } from '../components/tile.tsx';
import { useKiosk } from '../kiosk-context.ts';

export function HomeScreen() {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={t('welcome')} className="home">
      <div className="tiles">
        <Tile testId="tile-ticket" icon={<TicketIcon />} label={t('tileTicket')} hint={t('tileTicketHint')} onSelect={() => nav.go({ kind: 'ticket-service' })} />
        <Tile testId="tile-appointment" icon={<CalendarIcon />} label={t('tileAppointment')} hint={t('tileAppointmentHint')} onSelect={() => nav.go({ kind: 'appointment-menu' })} />
        <Tile testId="tile-self-help" icon={<HelpIcon />} label={t('tileSelfHelp')} hint={t('tileSelfHelpHint')} onSelect={() => nav.go({ kind: 'help-list' })} />
        <Tile testId="tile-call-person" icon={<PersonIcon />} label={t('tileCallPerson')} hint={t('tileCallPersonHint')} onSelect={() => nav.go({ kind: 'call-person' })} />
        <Tile testId="tile-feedback" icon={<FeedbackIcon />} label={t('tileFeedback')} hint={t('tileFeedbackHint')} onSelect={() => nav.go({ kind: 'feedback' })} />
      </div>
    </ScreenFrame>
  );
}
