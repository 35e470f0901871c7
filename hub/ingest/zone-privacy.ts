/**
 * The hub's half of "staff zones are never analysed" and "expressions only where announced": an
 * event about a staff zone, or an expression-based sign (negative affect) from a zone whose
 * expression analysis the branch has not announced (`zones[].expressions`, customer zones only,
 * shown on the privacy notice), is refused whatever the edge node did. Pure.
 */
import type { CloudEvent } from '../../protocol/envelope.ts';
import { NO_EXPRESSION_ZONE_KINDS } from '../branch/branch-config.ts';
import type { ZoneInfo } from '../branch/directory.ts';

/** Why this event may not be kept for its zone, or null when it may. */
export function zonePrivacyRefusal(event: Pick<CloudEvent, 'type' | 'data'>, zone: ZoneInfo): string | null {
  if (zone.kind === 'staff') return `zone ${JSON.stringify(zone.id)} is a staff zone: staff zones are masked and never analysed`;
  const expressionBased = event.type === 'tp.distress.detected' && (event.data as { kind?: string }).kind === 'negative-affect';
  // A counter or staff zone can never announce it (the configuration refuses it; this holds anyway).
  if (expressionBased && (!zone.expressions || NO_EXPRESSION_ZONE_KINDS.includes(zone.kind))) {
    return `expression analysis is not announced for zone ${JSON.stringify(zone.id)} (the hub's zones[].expressions, customer zones only)`;
  }
  return null;
}
