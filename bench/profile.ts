/**
 * `--profile`: a V8 CPU profile of one bench phase, taken in-process with the inspector, written
 * as a .cpuprofile (open it in Chrome DevTools → Performance) and summarised as self time by
 * area (which package or project folder) and by function.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

export interface ProfileSummary {
  file: string;
  totalMs: number;
  byArea: { area: string; ms: number; share: number }[];
  byFunction: { fn: string; area: string; ms: number; share: number }[];
}

export async function startProfile(): Promise<() => Promise<Profiler.Profile>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

/** Which package or project folder a frame belongs to. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const project = /\/work\/[^/]+\/([^/]+)\/(?:([^/]+)\/)?/.exec(url);
  if (project) return project[2] && !project[2].includes('.') ? `${project[1]}/${project[2]}` : project[1]!;
  return url.split('/').slice(-2).join('/');
}

/** Native and Node-internal frames count for the nearest JavaScript caller in a package or project folder. */
function isOpaque(area: string): boolean {
  return area === '(native)' || area.startsWith('node:') || area.startsWith('wasm');
}

export function summarise(profile: Profiler.Profile, file: string, top = 15): ProfileSummary {
  writeFileSync(file, JSON.stringify(profile));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const areaOfNode = new Map<number, string>();
  const ownArea = (id: number) => {
    const { callFrame } = nodes.get(id)!;
    return areaOf(callFrame.url, callFrame.functionName);
  };
  /** The node's own area, or for a native/internal frame the area of its nearest attributable caller. */
  const attributed = (id: number): string => {
    const known = areaOfNode.get(id);
    if (known !== undefined) return known;
    const own = ownArea(id);
    let area = own;
    if (isOpaque(own)) {
      const up = parent.get(id);
      const callerArea = up === undefined ? own : attributed(up);
      area = callerArea === '(root)' ? own : callerArea;
    }
    areaOfNode.set(id, area);
    return area;
  };
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, { area: string; us: number }>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = nodes.get(id)!;
    if (callFrame.functionName === '(idle)') continue;
    const area = attributed(id);
    const fileName = callFrame.url.split('/').at(-1) ?? '';
    const where = fileName ? ` ${fileName}${callFrame.lineNumber > 0 ? `:${callFrame.lineNumber + 1}` : ''}` : '';
    const fn = `${callFrame.functionName || '(anonymous)'}${where}`;
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const key = `${fn}\u0000${area}`;
    const entry = byFunction.get(key) ?? { area, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    totalUs += us;
  }
  const share = (us: number) => us / totalUs;
  return {
    file,
    totalMs: totalUs / 1000,
    byArea: [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top).map(([area, us]) => ({ area, ms: us / 1000, share: share(us) })),
    byFunction: [...byFunction]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([key, { area, us }]) => ({ fn: key.split('\u0000')[0]!, area, ms: us / 1000, share: share(us) })),
  };
}
