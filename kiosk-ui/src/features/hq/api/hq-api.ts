/** HQ's report calls (hub/hq/README.md), each with the signed-in analyst's bearer token. */
import { connectivity } from '../../../shared/api/connectivity.ts';
import { API_PREFIX, ApiError, NetworkError, apiRequest } from '../../../shared/api/http.ts';
import type { HqBranchDetail, HqBranchInfo, HqHeatmap, HqRanking, HqTrend } from '../../../shared/api/hq-types.ts';
import { apiQuery, type HqFilters } from '../filters.ts';
import { fileNameFrom } from './content-disposition.ts';

const DOWNLOAD_TIMEOUT_MS = 30_000;

/** The hub's error message (`{ message }`), or the status line when the body is not one. */
async function refusal(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: the status line says enough
  }
  return `${response.status} ${response.statusText}`;
}

export interface CsvFile {
  name: string;
  blob: Blob;
}

export function hqApi(token: string) {
  const get = <T>(path: string) => apiRequest<T>(path, { token });
  return {
    branches: async () => (await get<{ branches: HqBranchInfo[] }>('/hq/branches')).branches,
    ranking: (filters: HqFilters) => get<HqRanking>(`/hq/ranking?${apiQuery(filters, ['region', 'serviceId', 'sort'])}`),
    /** All branches in the filters, or the one drilled into. */
    trend: (filters: HqFilters) =>
      get<HqTrend>(`/hq/trend?${filters.branch ? apiQuery(filters, ['serviceId', 'branchId']) : apiQuery(filters, ['region', 'serviceId'])}`),
    heatmap: (filters: HqFilters) => get<HqHeatmap>(`/hq/heatmap?${filters.branch ? apiQuery(filters, ['branchId']) : apiQuery(filters, ['region'])}`),
    branchKpis: (branchId: string, filters: HqFilters) =>
      get<HqBranchDetail>(`/hq/branches/${encodeURIComponent(branchId)}/kpis?${apiQuery(filters, ['serviceId'])}`),
    /** The ranking as the hub writes it to CSV, and the file name it suggests. */
    async rankingCsv(filters: HqFilters): Promise<CsvFile> {
      const query = apiQuery(filters, ['region', 'serviceId', 'sort']);
      let response: Response;
      try {
        response = await fetch(`${API_PREFIX}/hq/ranking.csv?${query}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
          signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
          cache: 'no-store',
        });
      } catch (error) {
        connectivity.markUnreachable();
        throw new NetworkError((error as Error).message);
      }
      connectivity.markReachable();
      if (!response.ok) throw new ApiError(response.status, await refusal(response));
      const name = fileNameFrom(response.headers.get('content-disposition')) ?? `hq-ranking-${filters.from}-${filters.to}.csv`;
      return { name, blob: await response.blob() };
    },
  };
}

export type HqApi = ReturnType<typeof hqApi>;
