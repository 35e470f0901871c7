/** Appointments: book one (service → day → free slot → code), or check in with a code. */
import { useState } from 'react';
import type { ServiceSummary } from '../../../shared/api/queue-types.ts';
import { ApiError } from '../../../shared/api/http.ts';
import { formatClock, formatDay, isoDay, nextDays } from '../../../shared/format/time.ts';
import { useAction, useLoad } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { localName } from '../../../shared/i18n/language.ts';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { uuidv7 } from '../../../../../protocol/ids.ts';
import type { Booking } from '../../../shared/api/queue-types.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { retryWhileUnreachable } from '../api/retry.ts';
import { ErrorNotice, errorCode } from '../components/error-notice.tsx';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { ServiceList } from '../components/service-list.tsx';
import { CalendarIcon, TicketIcon } from '../components/icons.tsx';
import { Tile } from '../components/tile.tsx';
import { useKiosk } from '../kiosk-context.ts';

/** Days offered for booking, today included (the hub may allow more; a kiosk keeps it short). */
const BOOKABLE_DAYS = 7;

export function AppointmentMenuScreen() {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={t('appointmentTitle')}>
      <div className="tiles tiles-two">
        <Tile testId="book" icon={<CalendarIcon />} label={t('bookAppointment')} onSelect={() => nav.go({ kind: 'appointment-service' })} />
        <Tile testId="check-in" icon={<TicketIcon />} label={t('haveBookingCode')} onSelect={() => nav.go({ kind: 'checkin-code' })} />
      </div>
    </ScreenFrame>
  );
}

export function AppointmentServiceScreen() {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={t('chooseService')}>
      <ServiceList showQueue={false} onlyOpen={false} filter={(service) => service.bookable} onSelect={(service) => nav.go({ kind: 'appointment-day', service })} />
    </ScreenFrame>
  );
}

export function AppointmentDayScreen({ service }: { service: ServiceSummary }) {
  const t = useTranslate(kioskMessages);
  const { language } = useLanguage();
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={t('chooseDay')}>
      <p className="lead">{localName(service, language)}</p>
      <ul className="choice-grid" role="list">
        {nextDays(BOOKABLE_DAYS).map((day) => (
          <li key={isoDay(day)}>
            <button type="button" className="choice" data-testid={`day-${isoDay(day)}`} onClick={() => nav.go({ kind: 'appointment-slot', service, day: isoDay(day) })}>
              {formatDay(day, language)}
            </button>
          </li>
        ))}
      </ul>
    </ScreenFrame>
  );
}

export function AppointmentSlotScreen({ service, day }: { service: ServiceSummary; day: string }) {
  const t = useTranslate(kioskMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const { nav, session } = useKiosk();
  const slots = useLoad(() => kioskApi.slots(service.id, day), [service.id, day]);
  const [booking, run] = useAction<Booking>();
  const [key] = useState(uuidv7);

  const book = async (start: string) => {
    const outcome = await run(() => retryWhileUnreachable(() => kioskApi.book({ serviceId: service.id, start }, key)));
    if (outcome?.ok) nav.replace({ kind: 'appointment-booked', service, booking: outcome.value });
    else if (outcome) {
      session.error(errorCode('appointment.book', outcome.error));
      slots.reload();
    }
  };

  if (booking.status === 'pending') return <ScreenFrame title={t('booking')}><p aria-busy="true" className="busy" /></ScreenFrame>;
  const now = Date.now();
  const free = slots.status === 'done' ? slots.value.filter((slot) => slot.free > 0 && Date.parse(slot.start) > now) : [];
  return (
    <ScreenFrame title={t('chooseTime')}>
      <p className="lead">
        {localName(service, language)} · {formatDay(new Date(`${day}T00:00:00`), language)}
      </p>
      {booking.status === 'error' ? <ErrorNotice error={booking.error} message={booking.error instanceof ApiError && booking.error.status === 409 ? t('slotTaken') : undefined} /> : null}
      {slots.status === 'pending' ? <p aria-busy="true">{common('loading')}</p> : null}
      {slots.status === 'error' ? <ErrorNotice error={slots.error} onRetry={slots.reload} /> : null}
      {slots.status === 'done' && free.length === 0 ? <p className="lead">{t('noFreeSlots')}</p> : null}
      <ul className="choice-grid" role="list">
        {free.map((slot) => (
          <li key={slot.start}>
            <button type="button" className="choice" data-testid="slot" onClick={() => void book(slot.start)}>
              <span className="choice-main">{formatClock(slot.start, language)}</span>
              <span className="choice-hint">{t('placesFree', { n: slot.free })}</span>
            </button>
          </li>
        ))}
      </ul>
    </ScreenFrame>
  );
}

export function AppointmentBookedScreen({ service, booking }: { service: ServiceSummary; booking: Booking }) {
  const t = useTranslate(kioskMessages);
  const { language } = useLanguage();
  const { nav } = useKiosk();
  const when = t('bookedWhen', { service: localName(service, language), day: formatDay(new Date(booking.start), language), time: formatClock(booking.start, language) });
  return (
    <ScreenFrame title={t('bookedTitle')}>
      <div className="card booking-card">
        <p className="ticket-label">{t('bookingCode')}</p>
        <p className="booking-code" data-testid="booking-code" data-speak="">
          {booking.code}
        </p>
        <p className="lead" data-speak="">{when}</p>
        <p>{t('bookedNote')}</p>
      </div>
      <div className="choice-row">
        <button type="button" className="big-button button-primary" onClick={nav.home}>
          {t('finished')}
        </button>
      </div>
    </ScreenFrame>
  );
}
