/**
 * When the ticket is called (or called again): vibrate the phone if it allows, chime if the
 * customer turned sound on, and put the call in the tab title so a background tab shows it.
 */
import { useEffect, useRef } from 'react';
import type { TicketView } from '../../../shared/api/queue-types.ts';
import type { Chime } from '../../../shared/chime.ts';

const VIBRATION_MS = [400, 200, 400, 200, 400];
const STALE_CALL_MS = 60_000;

export function useCallAlert(ticket: TicketView | null, chime: Chime, calledTitle: string): void {
  const lastCall = useRef<string | null>(null);
  const calledAt = ticket?.status === 'called' ? ticket.calledAt : null;

  useEffect(() => {
    if (!calledAt || calledAt === lastCall.current) return;
    const stale = lastCall.current === null && Date.now() - Date.parse(calledAt) > STALE_CALL_MS;
    lastCall.current = calledAt;
    // A page opened long after the call shows it, but does not buzz for an old event.
    if (stale) return;
    if ('vibrate' in navigator) navigator.vibrate(VIBRATION_MS);
    if (!chime.locked) void chime.play();
  }, [calledAt, chime]);

  useEffect(() => {
    if (!calledAt) return;
    const previous = document.title;
    document.title = calledTitle;
    return () => {
      document.title = previous;
    };
  }, [calledAt, calledTitle]);
}
