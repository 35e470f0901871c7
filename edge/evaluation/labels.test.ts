import { describe, expect, it } from 'vitest';
import { clipName, parseLabels } from './labels.ts';

const HEADER = 'clip,kind,startS,lyingS,endS';

describe('parseLabels', () => {
  it('reads several episodes per clip, an empty lyingS as null, and keys clips by file name', () => {
    const text = `${HEADER}\r\nfalls/fall-01.mp4,fall,2.73,3.73,11.33\r\nfall-01.mp4,help-request,12,,20\r\n\r\n`;
    expect(parseLabels(text)).toEqual([
      { clip: 'fall-01.mp4', kind: 'fall', startS: 2.73, lyingS: 3.73, endS: 11.33 },
      { clip: 'fall-01.mp4', kind: 'help-request', startS: 12, lyingS: null, endS: 20 },
    ]);
  });

  it('accepts a header-only file as no episodes', () => {
    expect(parseLabels(`${HEADER}\n`)).toEqual([]);
  });

  it('refuses a file without the header, naming the line', () => {
    expect(() => parseLabels('fall-01.mp4,fall,1,2,3\n')).toThrow(/line 1: missing header/);
    expect(() => parseLabels('')).toThrow(/missing header/);
  });

  it('reports every bad line at once, each with its line number and what is wrong', () => {
    const text = [
      HEADER,
      'ok.mp4,fall,1,2,3',
      'a.mp4,fall,1,2',
      'b.mp4,fall,one,2,3',
      'c.mp4,fall,5,,3',
      'd.mp4,fall,1,4,3',
      'e.mp4,stumble,1,,3',
      'f.mp4,fall,1,2,',
    ].join('\n');
    let message = '';
    try {
      parseLabels(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'labels line 3: expected 5 columns (clip,kind,startS,lyingS,endS), got 4',
      'labels line 4: startS "one" is not a number',
      'labels line 5: startS 5 is after endS 3',
      'labels line 6: lyingS 4 is outside [startS 1, endS 3]',
      'labels line 7: unknown kind "stumble" (expected one of negative-affect, fall, long-wait, kiosk-friction, help-request)',
      'labels line 8: endS "" is not a number',
    ]);
  });
});

describe('clipName', () => {
  it('keeps only the file name, whatever the separator', () => {
    expect(clipName('/data/falls/fall-01.mp4')).toBe('fall-01.mp4');
    expect(clipName('C:\\clips\\walk-02.mp4')).toBe('walk-02.mp4');
    expect(clipName('walk-02.mp4')).toBe('walk-02.mp4');
  });
});
