/**
 * Reads the labelled question files (`text,category`): BANKING77's training CSV and our
 * `zh-train.csv`. BANKING77 quotes texts that contain commas, doubled quotes or line breaks, so
 * this is a small RFC 4180 reader rather than a split on commas.
 */
import { isNeed, type Need } from './needs.ts';

export type Language = 'en' | 'zh';

export interface LabelledQuestion {
  text: string;
  need: Need;
  language: Language;
}

/** RFC 4180 records: quoted fields may hold commas, `""` and line breaks; CRLF or LF ends a record. */
export function parseCsvRecords(source: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') {
        field += char;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/**
 * Questions from a `text,category` CSV with a header. Every category must be one of the 77 needs:
 * a typo in a hand-written row would otherwise become a 78th class nobody can route.
 * Line breaks inside a question become spaces (a kiosk text box has one line).
 */
export function parseLabelledQuestions(source: string, language: Language): LabelledQuestion[] {
  const [header, ...rows] = parseCsvRecords(source);
  if (header?.[0] !== 'text' || header[1] !== 'category') throw new Error('expected the header "text,category"');
  return rows.map((row, index) => {
    const [text, need] = row;
    if (row.length !== 2 || text === undefined || need === undefined) throw new Error(`row ${index + 2}: expected 2 fields, got ${row.length}`);
    if (!isNeed(need)) throw new Error(`row ${index + 2}: unknown need ${JSON.stringify(need)}`);
    return { text: text.replace(/\s+/g, ' ').trim(), need, language };
  });
}
