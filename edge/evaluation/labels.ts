/**
 * Distress labels for an evaluation folder: a CSV `clip,kind,startS,lyingS,endS`, one row per
 * labelled episode (a clip may have several; a clip with none is a negative). Clips are named by
 * file name only, so the same labels file works wherever the videos sit. Every bad line is
 * reported at once, each with its line number, so a labeller can fix the file in one pass.
 */
import { DISTRESS_KINDS } from '../../protocol/events.ts';

export type DistressKind = (typeof DISTRESS_KINDS)[number];

export interface Episode {
  clip: string;
  kind: DistressKind;
  startS: number;
  /** when the person is first lying down, for falls; null when not labelled */
  lyingS: number | null;
  endS: number;
}

export const LABELS_HEADER = 'clip,kind,startS,lyingS,endS';
const COLUMNS = LABELS_HEADER.split(',').length;

/** The file name of a clip path (either separator), the key labels and videos are matched by. */
export function clipName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function isDistressKind(kind: string): kind is DistressKind {
  return (DISTRESS_KINDS as readonly string[]).includes(kind);
}

function parseTime(field: string, column: string, problems: string[]): number | null {
  const value = Number(field);
  if (field === '' || !Number.isFinite(value)) problems.push(`${column} "${field}" is not a number`);
  else if (value < 0) problems.push(`${column} ${field} is negative`);
  else return value;
  return null;
}

/** The problems of one data row, or the episode it labels. */
function parseRow(line: string): { episode: Episode } | { problems: string[] } {
  const fields = line.split(',').map((f) => f.trim());
  if (fields.length !== COLUMNS) return { problems: [`expected ${COLUMNS} columns (${LABELS_HEADER}), got ${fields.length}`] };
  const [clip, kind, start, lying, end] = fields as [string, string, string, string, string];
  const problems: string[] = [];
  if (clip === '') problems.push('clip is empty');
  if (!isDistressKind(kind)) problems.push(`unknown kind "${kind}" (expected one of ${DISTRESS_KINDS.join(', ')})`);
  const startS = parseTime(start, 'startS', problems);
  const endS = parseTime(end, 'endS', problems);
  const lyingS = lying === '' ? null : parseTime(lying, 'lyingS', problems);
  if (startS !== null && endS !== null) {
    if (startS > endS) problems.push(`startS ${start} is after endS ${end}`);
    else if (lyingS !== null && (lyingS < startS || lyingS > endS)) problems.push(`lyingS ${lying} is outside [startS ${start}, endS ${end}]`);
  }
  if (problems.length > 0 || !isDistressKind(kind) || startS === null || endS === null) return { problems };
  return { episode: { clip: clipName(clip), kind, startS, lyingS, endS } };
}

/** Parses the labels CSV text; throws one error listing every bad line (1-based) when any is wrong. */
export function parseLabels(text: string): Episode[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new Error(`labels: missing header "${LABELS_HEADER}" (the file is empty)`);
  const header = lines[headerIndex]!.split(',').map((f) => f.trim()).join(',');
  if (header !== LABELS_HEADER) throw new Error(`labels line ${headerIndex + 1}: missing header, expected "${LABELS_HEADER}", got "${lines[headerIndex]}"`);
  const episodes: Episode[] = [];
  const errors: string[] = [];
  lines.forEach((line, index) => {
    if (index <= headerIndex || line.trim() === '') return;
    const row = parseRow(line);
    if ('episode' in row) episodes.push(row.episode);
    else errors.push(...row.problems.map((p) => `labels line ${index + 1}: ${p}`));
  });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return episodes;
}
