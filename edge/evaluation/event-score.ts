/**
 * Scores the distress events the edge pipeline would publish over a folder of videos against
 * labelled episodes, per kind: the first event inside an episode is a hit, later ones there are
 * duplicates, any other is a false alarm (so every event on an unlabelled clip is one). Reports
 * recall, false alarms per hour of video and how late hits come, plus the misses and false alarms
 * by clip and time so a developer can go and look. Pure: the caller runs the videos and reads files.
 */
import { clipName, type Episode } from './labels.ts';

/** A distress event the pipeline raised; `tS` is seconds from the video's start. */
export interface ScoredEvent {
  clip: string;
  kind: string;
  tS: number;
}

/** A video that was run, with its duration. */
export interface RunVideo {
  clip: string;
  seconds: number;
}

export interface KindScore {
  episodes: number;
  hits: number;
  recall: number | null;
  duplicates: number;
  falseAlarms: number;
  falseAlarmsPerHour: number;
  medianDelayS: number | null;
  medianDelayFromLyingS: number | null;
}

export interface EventScoreSummary {
  kinds: Record<string, KindScore>;
  videos: number;
  seconds: number;
  fps: number;
  missed: { clip: string; kind: string; startS: number }[];
  falseAlarmList: ScoredEvent[];
  duplicateList: ScoredEvent[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The median, the mean of the middle two for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Outcome {
  hits: { episode: Episode; tS: number }[];
  duplicates: ScoredEvent[];
  falseAlarms: ScoredEvent[];
}

/**
 * Matches one clip's events of one kind, in time order, to that clip's episodes of the kind: an
 * event goes to the earliest-starting episode containing it that has no hit yet, else it
 * duplicates one that has, else (inside none) it is a false alarm.
 */
function matchClipKind(episodes: Episode[], events: ScoredEvent[], outcome: Outcome): void {
  const byStart = [...episodes].sort((a, b) => a.startS - b.startS);
  const hit = new Set<Episode>();
  for (const event of [...events].sort((a, b) => a.tS - b.tS)) {
    const containing = byStart.filter((e) => e.startS <= event.tS && event.tS <= e.endS);
    const open = containing.find((e) => !hit.has(e));
    if (open) {
      hit.add(open);
      outcome.hits.push({ episode: open, tS: event.tS });
    } else if (containing.length > 0) outcome.duplicates.push(event);
    else outcome.falseAlarms.push(event);
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function scoreKind(episodes: Episode[], outcome: Outcome, hours: number): KindScore {
  const hits = outcome.hits.length;
  const delay = median(outcome.hits.map((h) => h.tS - h.episode.startS));
  const lying = median(outcome.hits.flatMap((h) => (h.episode.lyingS === null ? [] : [h.tS - h.episode.lyingS])));
  return {
    episodes: episodes.length,
    hits,
    recall: episodes.length === 0 ? null : round2(hits / episodes.length),
    duplicates: outcome.duplicates.length,
    falseAlarms: outcome.falseAlarms.length,
    falseAlarmsPerHour: hours === 0 ? 0 : round2(outcome.falseAlarms.length / hours),
    medianDelayS: delay === null ? null : round2(delay),
    medianDelayFromLyingS: lying === null ? null : round2(lying),
  };
}

/**
 * Scores `events` raised over the `videos` run against the labelled `episodes` (rows for clips not
 * run are ignored). Clips are matched by file name. `fps` (frames analysed per wall-clock second)
 * is measured by the caller and passed through.
 */
export function scoreEvents(episodes: readonly Episode[], videos: readonly RunVideo[], events: readonly ScoredEvent[], fps: number): EventScoreSummary {
  const run = new Set(videos.map((v) => clipName(v.clip)));
  const stray = events.find((e) => !run.has(clipName(e.clip)));
  if (stray) throw new Error(`event on clip "${stray.clip}", which is not among the videos run`);
  const labelled = episodes.map((e) => ({ ...e, clip: clipName(e.clip) })).filter((e) => run.has(e.clip));
  const raised = events.map((e) => ({ clip: clipName(e.clip), kind: e.kind, tS: e.tS }));
  const seconds = videos.reduce((sum, v) => sum + v.seconds, 0);
  const kindNames = [...new Set([...labelled.map((e) => e.kind), ...raised.map((e) => e.kind)])].sort();
  const summary: EventScoreSummary = { kinds: {}, videos: videos.length, seconds: round2(seconds), fps: round2(fps), missed: [], falseAlarmList: [], duplicateList: [] };
  for (const kind of kindNames) {
    const kindEpisodes = labelled.filter((e) => e.kind === kind);
    const episodesByClip = groupBy(kindEpisodes, (e) => e.clip);
    const outcome: Outcome = { hits: [], duplicates: [], falseAlarms: [] };
    for (const [clip, clipEvents] of groupBy(raised.filter((e) => e.kind === kind), (e) => e.clip)) {
      matchClipKind(episodesByClip.get(clip) ?? [], clipEvents, outcome);
    }
    summary.kinds[kind] = scoreKind(kindEpisodes, outcome, seconds / 3600);
    const found = new Set(outcome.hits.map((h) => h.episode));
    summary.missed.push(...kindEpisodes.filter((e) => !found.has(e)).map((e) => ({ clip: e.clip, kind, startS: e.startS })));
    summary.falseAlarmList.push(...outcome.falseAlarms);
    summary.duplicateList.push(...outcome.duplicates);
  }
  return summary;
}

const fixed = (value: number) => round2(value).toFixed(2);

function formatKind(kind: string, score: KindScore): string {
  const found = `${score.hits}/${score.episodes} episodes found (recall ${score.recall === null ? 'n/a' : fixed(score.recall)})`;
  const alarms = `${score.duplicates} duplicates, ${score.falseAlarms} false alarms (${fixed(score.falseAlarmsPerHour)}/h)`;
  const parts = [found, alarms];
  if (score.medianDelayS !== null) parts.push(`median delay ${fixed(score.medianDelayS)} s from start`);
  const lying = score.medianDelayFromLyingS;
  if (lying !== null) parts.push(lying < 0 ? `${fixed(-lying)} s before lying` : `${fixed(lying)} s after lying`);
  return `${kind}: ${parts.join(', ')}`;
}

/** The human-readable report: one line per kind, the totals, then each miss, false alarm and duplicate. */
export function formatEventScore(summary: EventScoreSummary): string[] {
  return [
    ...Object.entries(summary.kinds).map(([kind, score]) => formatKind(kind, score)),
    `${summary.videos} videos, ${fixed(summary.seconds)} s of video, ${fixed(summary.fps)} fps analysed`,
    ...summary.missed.map((m) => `missed: ${m.clip} ${m.kind} episode starting at ${fixed(m.startS)} s`),
    ...summary.falseAlarmList.map((f) => `false alarm: ${f.clip} ${f.kind} at ${fixed(f.tS)} s`),
    ...summary.duplicateList.map((d) => `duplicate: ${d.clip} ${d.kind} at ${fixed(d.tS)} s`),
  ];
}
