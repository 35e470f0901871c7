/**
 * The presence this person last set from this phone. The hub has no read-back of one's own
 * presence, so the last answer of `PUT /staff/me/presence` is kept for the tab's life (a reload
 * keeps it; signing out forgets it); until then the page asks them to choose.
 */
import { useCallback, useState } from 'react';
import type { PresenceView } from '../../../shared/api/dispatch-types.ts';

const STORAGE_KEY = 'tp.staff.presence';

function stored(staffLogin: string): PresenceView | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { login: string; presence: PresenceView } | null;
    return saved?.login === staffLogin ? saved.presence : null;
  } catch {
    return null;
  }
}

/** `staffLogin` ties what is kept to one login (its token), so another person never sees it. */
export function useMyPresence(staffLogin: string): [PresenceView | null, (presence: PresenceView) => void] {
  const [presence, setPresence] = useState(() => stored(staffLogin));
  const update = useCallback((next: PresenceView) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ login: staffLogin, presence: next }));
    setPresence(next);
  }, [staffLogin]);
  return [presence, update];
}
