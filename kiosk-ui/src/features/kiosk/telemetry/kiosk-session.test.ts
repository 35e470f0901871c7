import { describe, expect, it } from 'vitest';
import { kioskInteraction, type KioskInteraction } from '../../../../../protocol/kiosk-telemetry.ts';
import { KioskSession } from './kiosk-session.ts';

function recorder() {
  const sent: KioskInteraction[] = [];
  return { session: new KioskSession((interaction) => sent.push(interaction)), sent, types: () => sent.map((interaction) => interaction.type) };
}

describe('a kiosk session as telemetry', () => {
  it('opens with session-start at its first interaction and closes with the completion', () => {
    const { session, sent, types } = recorder();
    session.screen('ticket.service', 'ticket');
    session.screen('ticket.issued', 'ticket');
    session.complete('ticket');
    expect(types()).toEqual(['session-start', 'screen', 'screen', 'complete']);
    expect(sent.map((interaction) => interaction.seq)).toEqual([0, 1, 2, 3]);
    expect(new Set(sent.map((interaction) => interaction.sessionId)).size).toBe(1);
    expect(sent.every((interaction) => kioskInteraction.safeParse(interaction).success)).toBe(true);
    expect(session.open).toBe(false);
  });

  it('records nothing after the task finished, so a finished screen timing out is not a timeout', () => {
    const { session, types } = recorder();
    session.screen('feedback.thanks', 'feedback');
    session.complete('feedback');
    session.idleWarning();
    session.leave('timeout');
    expect(types()).toEqual(['session-start', 'screen', 'complete']);
  });

  it('ends an unfinished task as abandoned or timed out, each time in a new session', () => {
    const { session, sent, types } = recorder();
    session.screen('appointment.menu', 'appointment');
    session.back();
    session.leave('abandon');
    session.screen('ticket.service', 'ticket');
    session.error('ticket.network');
    session.idleWarning();
    session.leave('timeout');
    expect(types()).toEqual(['session-start', 'screen', 'back', 'abandon', 'session-start', 'screen', 'error', 'idle-warning', 'timeout']);
    expect(sent.at(-1)).toMatchObject({ task: 'ticket' });
    expect(new Set(sent.map((interaction) => interaction.sessionId)).size).toBe(2);
  });

  it('counts leaving after an answer was read as completing self-help', () => {
    const { session, sent } = recorder();
    session.screen('self-help.list', 'self-help');
    session.screen('self-help.article', 'self-help');
    session.accomplished();
    session.leave('abandon');
    expect(sent.at(-1)).toMatchObject({ type: 'complete', task: 'self-help' });
  });

  it('records the self-help answer taken as its need and confidence, in a valid interaction', () => {
    const { session, sent } = recorder();
    session.screen('self-help.list', 'self-help');
    session.answer({ need: 'card_swallowed', confidence: 0.94, sure: true });
    expect(sent.at(-1)).toMatchObject({ type: 'answer', task: 'self-help', answer: { need: 'card_swallowed', confidence: 0.94, sure: true } });
    expect(sent.every((interaction) => kioskInteraction.safeParse(interaction).success)).toBe(true);
  });
});
