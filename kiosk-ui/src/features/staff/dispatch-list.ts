/** A staff member's dispatches as the phone shows them, and which offers are new to them. */
import type { DispatchView } from '../../shared/api/dispatch-types.ts';

const ORDER: Record<string, number> = { offered: 0, arrived: 1, accepted: 2 };

/** The ones to act on: offers first (they run out), then what they hold; oldest first within. */
export function tasksInOrder(dispatches: DispatchView[]): DispatchView[] {
  return dispatches
    .filter((dispatch) => dispatch.status in ORDER)
    .sort((a, b) => ORDER[a.status]! - ORDER[b.status]! || a.createdAt.localeCompare(b.createdAt));
}

/** One key per offer: the same dispatch offered again later is a new offer. */
function offerKey(dispatch: DispatchView): string {
  return `${dispatch.id}@${dispatch.offerExpiresAt ?? ''}`;
}

/** Offers in `dispatches` not in `seen` (which it then remembers), so each rings once. */
export function takeNewOffers(seen: Set<string>, dispatches: DispatchView[]): DispatchView[] {
  const fresh = dispatches.filter((dispatch) => dispatch.status === 'offered' && !seen.has(offerKey(dispatch)));
  for (const dispatch of fresh) seen.add(offerKey(dispatch));
  return fresh;
}
