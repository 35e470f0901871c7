/**
 * Who goes: a pure ranking of the people who could take a dispatch. Skills first (more of the
 * preferred skills wins), then distance (the alert's zone, then a zone of the same kind, then
 * anywhere), then the fewest dispatches taken in the last hour, so the work is shared.
 */
export interface Candidate {
  staffId: string;
  skills: readonly string[];
  zoneId: string | null;
  /** Dispatches this person accepted in the last hour. */
  recentLoad: number;
}

export interface RankingInput {
  candidates: readonly Candidate[];
  skills: readonly string[];
  zoneId: string | null;
  /** zone id → zone kind, from the branch's zones. */
  zoneKinds: ReadonlyMap<string, string>;
  /** People already offered this dispatch: never asked twice. */
  exclude: ReadonlySet<string>;
}

/** 0 = same zone, 1 = a zone of the same kind, 2 = elsewhere or unknown. */
export function zoneDistance(from: string | null, to: string | null, zoneKinds: ReadonlyMap<string, string>): 0 | 1 | 2 {
  if (!from || !to) return 2;
  if (from === to) return 0;
  const kind = zoneKinds.get(to);
  return kind !== undefined && zoneKinds.get(from) === kind ? 1 : 2;
}

export function rankCandidates(input: RankingInput): Candidate[] {
  const scored = input.candidates
    .filter((candidate) => !input.exclude.has(candidate.staffId))
    .map((candidate) => ({
      candidate,
      skillMatch: input.skills.filter((skill) => candidate.skills.includes(skill)).length,
      distance: zoneDistance(candidate.zoneId, input.zoneId, input.zoneKinds),
    }));
  scored.sort((a, b) =>
    b.skillMatch - a.skillMatch
    || a.distance - b.distance
    || a.candidate.recentLoad - b.candidate.recentLoad
    || a.candidate.staffId.localeCompare(b.candidate.staffId));
  return scored.map((entry) => entry.candidate);
}
