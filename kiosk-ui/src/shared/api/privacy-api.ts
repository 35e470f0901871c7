/** What the branch's privacy notice states, from its configuration (`GET /api/v1/privacy`). */
import { apiRequest } from './http.ts';
import type { PrivacyNotice } from '../../../../hub/api/routes/privacy.ts';

export type PrivacyConfig = PrivacyNotice;

export function fetchPrivacyConfig(): Promise<PrivacyConfig> {
  return apiRequest<PrivacyConfig>('/privacy');
}
