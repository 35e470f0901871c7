/** What every panel of the floor screen needs: the API, and names for zone and staff ids. */
import { createContext, useContext } from 'react';
import type { DispatchView, StaffBoardEntry } from '../../shared/api/dispatch-types.ts';
import type { FloorApi } from './api/floor-api.ts';

export interface FloorContextValue {
  api: FloorApi;
  /** The zone's name in the page's language (the id while the branch's zones are loading). */
  zoneName(zoneId: string | null): string;
  staffName(staffId: string | null): string;
  /** "Accepted: Wang Wei", or the status alone when nobody holds it (escalated). */
  dispatchText(dispatch: Pick<DispatchView, 'status' | 'staffId'>): string;
  staff: StaffBoardEntry[];
}

export const FloorContext = createContext<FloorContextValue | null>(null);

export function useFloor(): FloorContextValue {
  const value = useContext(FloorContext);
  if (!value) throw new Error('useFloor needs a FloorContext above it');
  return value;
}
