/**
 * Presence follows the counters: the person who opens a counter is at it — busy (a counter is not
 * free for a dispatch) in the branch's `counter` zone — and one who leaves their last open counter
 * is available again. Written through DispatchService.setPresence, so the floor hears `staff` and
 * the person's own screens hear `presence`, as for any other presence change.
 */
import type { BranchDirectory } from '../branch/directory.ts';
import type { CounterStaffing } from '../queue/queue-service.ts';
import type { DispatchService } from './dispatch-service.ts';

/** The zone of kind `counter` (the first by id if a branch has several), or undefined: keep the zone. */
export function counterZoneId(directory: Pick<BranchDirectory, 'zones'>): string | undefined {
  return directory.zones().filter((zone) => zone.kind === 'counter').map((zone) => zone.id).sort()[0];
}

export async function followCounterStaffing(
  deps: { dispatch: Pick<DispatchService, 'setPresence' | 'mine'>; directory: Pick<BranchDirectory, 'zones'> },
  staffing: CounterStaffing,
): Promise<void> {
  // Someone who leaves the counter while they hold a dispatch they accepted is still busy with it.
  if (staffing.leftStaffId && !(await holdsAcceptedDispatch(deps.dispatch, staffing.leftStaffId))) await deps.dispatch.setPresence(staffing.leftStaffId, 'available');
  if (staffing.staffId) await deps.dispatch.setPresence(staffing.staffId, 'busy', counterZoneId(deps.directory));
}

async function holdsAcceptedDispatch(dispatch: Pick<DispatchService, 'mine'>, staffId: string): Promise<boolean> {
  return (await dispatch.mine(staffId)).some((held) => held.status === 'accepted' || held.status === 'arrived');
}
