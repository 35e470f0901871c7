/**
 * CORS for the kiosk telemetry endpoint. The kiosk page is served by the hub, so its posts to the
 * edge node are cross-origin. The telemetry carries no secrets, so any origin may post by default
 * (`*`); a branch can list its hub's origins instead. A request without `Origin` is not from a
 * browser page and is not a CORS matter.
 */

/** What a preflight may ask for: a JSON post, nothing else. */
export const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
} as const;

/** The CORS headers for a request from `origin`, or null when that origin may not post. */
export function corsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> | null {
  if (allowedOrigins.includes('*')) return { 'access-control-allow-origin': '*' };
  if (origin === undefined) return { vary: 'Origin' };
  // Origins compare case-insensitively in scheme and host; browsers send them lower-case.
  const allowed = allowedOrigins.some((candidate) => candidate.toLowerCase() === origin.toLowerCase());
  return allowed ? { 'access-control-allow-origin': origin, vary: 'Origin' } : null;
}
