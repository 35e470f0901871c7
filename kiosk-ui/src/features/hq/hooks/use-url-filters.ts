/**
 * The filters, read from and written to the page's URL: a change adds a history entry, so the
 * browser's Back returns to the previous view (e.g. from a branch to all branches), and a copied
 * or reloaded URL opens the same view.
 */
import { useCallback, useEffect, useState } from 'react';
import { filtersFromSearch, searchFromFilters, type HqFilters } from '../filters.ts';

const fromLocation = () => filtersFromSearch(window.location.search, new Date());

export function useUrlFilters(): [HqFilters, (change: Partial<HqFilters>) => void] {
  const [filters, setFilters] = useState(fromLocation);

  useEffect(() => {
    const follow = () => setFilters(fromLocation());
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);

  const change = useCallback(
    (patch: Partial<HqFilters>) => {
      const next = { ...filters, ...patch };
      const search = searchFromFilters(next, window.location.search);
      if (search !== window.location.search) window.history.pushState(null, '', `${window.location.pathname}${search}`);
      setFilters(next);
    },
    [filters],
  );

  return [filters, change];
}
