/**
 * The branch's privacy settings for its notice; null until they arrive. While the hub is
 * unreachable it keeps asking, so a notice opened offline fills in its figures once it can.
 */
import { useEffect, useState } from 'react';
import { fetchPrivacyConfig, type PrivacyConfig } from '../api/privacy-api.ts';

const RETRY_MS = 10_000;

export function usePrivacyConfig(): PrivacyConfig | null {
  const [config, setConfig] = useState<PrivacyConfig | null>(null);
  useEffect(() => {
    let current = true;
    let timer: number | undefined;
    const load = () => {
      fetchPrivacyConfig().then(
        (loaded) => current && setConfig(loaded),
        () => {
          if (current) timer = window.setTimeout(load, RETRY_MS);
        },
      );
    };
    load();
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, []);
  return config;
}
