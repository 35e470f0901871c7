/**
 * Dispatch against a real database with a test clock: who is offered an alert, what happens when
 * nobody answers or someone declines, the way from accept to a resolved alert, the floor's
 * reassign, an alert that closes by itself, and a restart in the middle of an offer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertStory } from '../alerts/alert-steps.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { until } from '../../test/helpers/until.ts';
import { startDispatchKit, type DispatchKit } from './dispatch-test-kit.ts';
import type { DispatchView } from './types.ts';

const START = Date.parse('2026-03-02T02:00:00Z');
let dir: ReturnType<typeof tempDir>;
let clock: { t: number };
let kit: DispatchKit;

beforeEach(async () => {
  dir = tempDir();
  clock = { t: START };
  kit = await startDispatchKit(dir.path, clock);
  // Wang waits by the teller queue, Chen in the lobby; Li is on a break, Zhao off shift.
  await kit.dispatch.setPresence('s-wang', 'available', 'teller-line');
  await kit.dispatch.setPresence('s-chen', 'available', 'lobby');
  await kit.dispatch.setPresence('s-li', 'break', 'back-office');
});
afterEach(async () => {
  await kit.close();
  dir.remove();
});

/** The dispatch of an alert once it reaches `status` (with `staffId`, when given). */
function reached(alertId: string, status: DispatchView['status'], staffId?: string): Promise<DispatchView> {
  return until(`dispatch of ${alertId} ${status} ${staffId ?? ''}`, () =>
    kit.changes.map((change) => change.dispatch).find((view) => view.alertId === alertId && view.status === status && (staffId === undefined || view.staffId === staffId)));
}

const steps = async (alertId: string) => (await alertStory(kit.db, alertId)).map((step) => [step.kind, step.staffId]);

describe('DispatchService', () => {
  it('offers to the nearest person, then the next when nobody answers, then escalates to the floor', async () => {
    const alert = await kit.alerts.openAlert('help-request', 'teller-line');
    const first = await reached(alert.id, 'offered', 's-wang');
    expect(first.offerExpiresAt).toBe(new Date(START + 60_000).toISOString());

    kit.advance(59);
    await kit.dispatch.expireDue();
    expect((await kit.dispatch.mine('s-wang')).map((d) => d.id)).toEqual([first.id]);

    kit.advance(2);
    await kit.dispatch.expireDue();
    await reached(alert.id, 'offered', 's-chen');
    expect(await kit.dispatch.mine('s-wang')).toEqual([]);

    kit.advance(61);
    await kit.dispatch.expireDue();
    const escalated = await reached(alert.id, 'escalated');
    expect(escalated.staffId).toBeNull();
    expect(escalated.alert.severity).toBe('high');
    expect(escalated.escalatedAt).toBe(new Date(START + 122_000).toISOString());
    expect(kit.alerts.raised.map((input) => input.severity)).toEqual(['high']);
    expect(await steps(alert.id)).toEqual([['offered', 's-wang'], ['timeout', 's-wang'], ['offered', 's-chen'], ['timeout', 's-chen'], ['escalated', null]]);
  });

  it('tells the person whose offer ran out, as well as the next one', async () => {
    const alert = await kit.alerts.openAlert('help-request', 'teller-line');
    await reached(alert.id, 'offered', 's-wang');
    kit.advance(61);
    await kit.dispatch.expireDue();
    await reached(alert.id, 'offered', 's-chen');
    const handover = kit.changes.find((change) => change.dispatch.staffId === 's-chen');
    expect(handover?.staffIds.sort()).toEqual(['s-chen', 's-wang']);
  });

  it('moves on to the next person at once when one declines; nobody else may decline for them', async () => {
    const alert = await kit.alerts.openAlert('fall', 'teller-line');
    const offer = await reached(alert.id, 'offered', 's-wang');
    await expect(kit.dispatch.decline(offer.id, 's-chen')).rejects.toMatchObject({ statusCode: 403 });
    const next = await kit.dispatch.decline(offer.id, 's-wang');
    expect(next).toMatchObject({ status: 'offered', staffId: 's-chen' });
    expect(await steps(alert.id)).toEqual([['offered', 's-wang'], ['declined', 's-wang'], ['offered', 's-chen']]);
  });

  it('accept → arrived → resolved resolves the alert by staff, with every time stored', async () => {
    const alert = await kit.alerts.openAlert('help-request', 'kiosk-area');
    const offer = await reached(alert.id, 'offered');
    const holder = offer.staffId!;

    kit.advance(10);
    await kit.dispatch.accept(offer.id, holder);
    expect((await kit.dispatch.presence.get(holder)).status).toBe('busy');
    kit.advance(35);
    await kit.dispatch.arrived(offer.id, holder);
    expect((await kit.dispatch.presence.get(holder)).zoneId).toBe('kiosk-area');
    kit.advance(120);
    const done = await kit.dispatch.resolve(offer.id, holder, 'Showed the customer how to print a statement');

    expect(done).toMatchObject({
      status: 'resolved', outcome: 'Showed the customer how to print a statement',
      acceptedAt: new Date(START + 10_000).toISOString(), arrivedAt: new Date(START + 45_000).toISOString(), resolvedAt: new Date(START + 165_000).toISOString(),
    });
    expect(await kit.alerts.get(alert.id)).toMatchObject({ status: 'resolved', resolvedBy: 'staff', outcome: 'Showed the customer how to print a statement' });
    expect((await kit.dispatch.presence.get(holder)).status).toBe('available');
    expect(await kit.dispatch.mine(holder)).toEqual([]);
    expect(await steps(alert.id)).toEqual([['offered', holder], ['accepted', holder], ['arrived', holder], ['dispatch-resolved', holder]]);
    const offers = await kit.db.dispatchOffer.findMany({ where: { dispatchId: offer.id } });
    expect(offers.map((row) => [row.staffId, row.answer, row.answeredAt?.toISOString()])).toEqual([[holder, 'accepted', new Date(START + 10_000).toISOString()]]);
    // Nobody resolves twice, nor arrives after the end.
    await expect(kit.dispatch.arrived(offer.id, holder)).rejects.toMatchObject({ statusCode: 409 });
  });

  it('lets the floor reassign a taken dispatch to someone else, freeing the first person', async () => {
    const alert = await kit.alerts.openAlert('help-request', 'teller-line');
    const offer = await reached(alert.id, 'offered', 's-wang');
    await kit.dispatch.accept(offer.id, 's-wang');
    const moved = await kit.dispatch.reassign(offer.id, 's-zhao');
    expect(moved).toMatchObject({ status: 'offered', staffId: 's-zhao' });
    expect((await kit.dispatch.presence.get('s-wang')).status).toBe('available');
    expect((await kit.dispatch.mine('s-zhao')).map((d) => d.id)).toEqual([offer.id]);
    await expect(kit.dispatch.reassign(offer.id, 'nobody')).rejects.toMatchObject({ statusCode: 400 });
    expect(await steps(alert.id)).toEqual([['offered', 's-wang'], ['accepted', 's-wang'], ['reassigned', 's-zhao']]);
  });

  it('cancels the dispatch when its alert closes by itself first', async () => {
    const alert = await kit.alerts.openAlert('long-wait', 'teller-line');
    const offer = await reached(alert.id, 'offered', 's-wang');
    await kit.dispatch.accept(offer.id, 's-wang');
    await kit.alerts.resolve(alert.id, { by: 'auto' });
    const cancelled = await reached(alert.id, 'cancelled');
    expect(cancelled.cancelledAt).toBe(new Date(START).toISOString());
    expect((await kit.dispatch.presence.get('s-wang')).status).toBe('available');
    expect(await kit.dispatch.mine('s-wang')).toEqual([]);
    expect((await steps(alert.id)).at(-1)).toEqual(['cancelled', 's-wang']);
  });

  it('lets the floor cancel, and refuses to act on a finished dispatch', async () => {
    const alert = await kit.alerts.openAlert('help-request', 'lobby');
    const offer = await reached(alert.id, 'offered', 's-chen');
    expect(await kit.dispatch.cancel(offer.id)).toMatchObject({ status: 'cancelled' });
    await expect(kit.dispatch.cancel(offer.id)).rejects.toMatchObject({ statusCode: 409 });
    await expect(kit.dispatch.accept(offer.id, 's-chen')).rejects.toMatchObject({ statusCode: 409 });
  });

  it('resumes after a restart: an offer that ran out while the hub was down times out at start', async () => {
    const alert = await kit.alerts.openAlert('help-request', 'teller-line');
    const offer = await reached(alert.id, 'offered', 's-wang');
    await kit.close();

    kit.advance(300);
    kit = await startDispatchKit(dir.path, clock);
    const resumed = (await kit.dispatch.mine('s-chen'))[0];
    expect(resumed).toMatchObject({ id: offer.id, status: 'offered', staffId: 's-chen', offerExpiresAt: new Date(START + 360_000).toISOString() });
    expect(await steps(alert.id)).toEqual([['offered', 's-wang'], ['timeout', 's-wang'], ['offered', 's-chen']]);
  });

  it('keeps an offer that has time left across a restart', async () => {
    const alert = await kit.alerts.openAlert('help-request', 'teller-line');
    const offer = await reached(alert.id, 'offered', 's-wang');
    await kit.close();
    kit.advance(30);
    kit = await startDispatchKit(dir.path, clock);
    expect((await kit.dispatch.mine('s-wang'))[0]).toMatchObject({ id: offer.id, offerExpiresAt: new Date(START + 60_000).toISOString() });
    kit.advance(31);
    await kit.dispatch.expireDue();
    expect((await kit.dispatch.mine('s-chen')).map((d) => d.id)).toEqual([offer.id]);
  });
});
