import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../shared/api/dispatch-types.ts';
import { alertsBySeverity, becameHigh, EMPTY_FLOOR, floorReducer } from './floor-state.ts';

const TODAY = new Date(2026, 10, 25, 15, 0);
const at = (hour: number, minute = 0) => new Date(2026, 10, 25, hour, minute).toISOString();

function alert(id: string, patch: Partial<AlertView> = {}): AlertView {
  return {
    id, kind: 'help-request', severity: 'medium', zoneId: 'lobby', sourceId: null, status: 'open', openedAt: at(10), updatedAt: at(10),
    ruleId: null, needsPerson: true, reason: { en: 'asked', zh: '请求' }, suggestion: null, resolvedBy: null, outcome: null, skills: [], ...patch,
  };
}

describe('the floor state', () => {
  it('shows the most severe alert first, then the one waiting longest', () => {
    const alerts = { a: alert('a', { severity: 'low', openedAt: at(9) }), b: alert('b', { severity: 'high', openedAt: at(11) }), c: alert('c', { severity: 'high', openedAt: at(10) }) };
    expect(alertsBySeverity(alerts).map((item) => item.id)).toEqual(['c', 'b', 'a']);
  });

  it('drops a resolved alert from the open list and puts its opening and closing on the timeline, newest first', () => {
    let state = floorReducer(EMPTY_FLOOR, { type: 'snapshot', payload: { zones: [], nodes: [], alerts: [alert('a')] } }, TODAY);
    state = floorReducer(state, { type: 'alert', payload: alert('a', { status: 'resolved', updatedAt: at(10, 5) }) }, TODAY);
    expect(state.alerts).toEqual({});
    expect(state.timeline.map((entry) => entry.key)).toEqual(['a:closed', 'a:opened']);
  });

  it('keeps one timeline entry per alert and event, whatever repeats a reconnect brings', () => {
    let state = floorReducer(EMPTY_FLOOR, { type: 'snapshot', payload: { zones: [], nodes: [], alerts: [alert('a')] } }, TODAY);
    state = floorReducer(state, { type: 'history', payload: [alert('a'), alert('b', { status: 'resolved', openedAt: at(8), updatedAt: at(8, 30) })] }, TODAY);
    state = floorReducer(state, { type: 'snapshot', payload: { zones: [], nodes: [], alerts: [alert('a')] } }, TODAY);
    expect(state.timeline.map((entry) => entry.key)).toEqual(['a:opened', 'b:closed', 'b:opened']);
  });

  it('leaves yesterday off the timeline', () => {
    const state = floorReducer(EMPTY_FLOOR, { type: 'history', payload: [alert('old', { openedAt: new Date(2026, 10, 24, 16).toISOString() })] }, TODAY);
    expect(state.timeline).toEqual([]);
  });

  it('sounds for a new high alert and for one raised to high, not for one that stays high', () => {
    expect(becameHigh(undefined, alert('a', { severity: 'high' }))).toBe(true);
    expect(becameHigh(alert('a'), alert('a', { severity: 'high' }))).toBe(true);
    expect(becameHigh(alert('a', { severity: 'high' }), alert('a', { severity: 'high', status: 'acknowledged' }))).toBe(false);
    expect(becameHigh(undefined, alert('a'))).toBe(false);
  });
});
