import { describe, expect, it } from 'vitest';
import { formatEventScore, median, scoreEvents, type ScoredEvent } from './event-score.ts';
import type { DistressKind, Episode } from './labels.ts';

const episode = (clip: string, kind: DistressKind, startS: number, endS: number, lyingS: number | null = null): Episode => ({ clip, kind, startS, lyingS, endS });
const fall = (clip: string, tS: number): ScoredEvent => ({ clip, kind: 'fall', tS });

describe('scoreEvents', () => {
  it('counts the first event in an episode as a hit, later ones as duplicates, and events before or after it as false alarms', () => {
    const labels = [episode('fall-01.mp4', 'fall', 2, 10, 3)];
    const events = [fall('fall-01.mp4', 1), fall('fall-01.mp4', 4), fall('fall-01.mp4', 6), fall('fall-01.mp4', 12)];
    const summary = scoreEvents(labels, [{ clip: 'fall-01.mp4', seconds: 3600 }], events, 25);
    expect(summary.kinds.fall).toEqual({
      episodes: 1, hits: 1, recall: 1, duplicates: 1, falseAlarms: 2, falseAlarmsPerHour: 2, medianDelayS: 2, medianDelayFromLyingS: 1,
    });
    expect(summary.falseAlarmList).toEqual([fall('fall-01.mp4', 1), fall('fall-01.mp4', 12)]);
    expect(summary.duplicateList).toEqual([fall('fall-01.mp4', 6)]);
  });

  it('counts an event exactly at startS or endS as inside the episode', () => {
    const labels = [episode('a.mp4', 'fall', 2, 10), episode('b.mp4', 'fall', 2, 10)];
    const summary = scoreEvents(labels, [{ clip: 'a.mp4', seconds: 20 }, { clip: 'b.mp4', seconds: 20 }], [fall('a.mp4', 2), fall('b.mp4', 10)], 25);
    expect(summary.kinds.fall).toMatchObject({ hits: 2, falseAlarms: 0 });
  });

  it('treats every event on an unlabelled clip as a false alarm and counts its seconds in the hourly rate', () => {
    const labels = [episode('fall-01.mp4', 'fall', 2, 10)];
    const videos = [{ clip: 'fall-01.mp4', seconds: 600 }, { clip: 'walk-01.mp4', seconds: 1200 }];
    const summary = scoreEvents(labels, videos, [fall('fall-01.mp4', 5), fall('walk-01.mp4', 5)], 25);
    expect(summary.kinds.fall).toMatchObject({ hits: 1, falseAlarms: 1, falseAlarmsPerHour: 2 });
    expect(summary).toMatchObject({ videos: 2, seconds: 1800, fps: 25 });
    expect(summary.falseAlarmList).toEqual([fall('walk-01.mp4', 5)]);
  });

  it('scores two episodes in one clip separately and lists the one missed', () => {
    const labels = [episode('fall-01.mp4', 'fall', 1, 5), episode('fall-01.mp4', 'fall', 10, 15)];
    const summary = scoreEvents(labels, [{ clip: 'fall-01.mp4', seconds: 20 }], [fall('fall-01.mp4', 3), fall('fall-01.mp4', 16)], 25);
    expect(summary.kinds.fall).toMatchObject({ episodes: 2, hits: 1, recall: 0.5, duplicates: 0, falseAlarms: 1 });
    expect(summary.missed).toEqual([{ clip: 'fall-01.mp4', kind: 'fall', startS: 10 }]);
  });

  it('gives an event in overlapping episodes to the earliest-starting one without a hit, in time order whatever the input order', () => {
    const labels = [episode('c.mp4', 'fall', 5, 15), episode('c.mp4', 'fall', 0, 10)];
    const events = [fall('c.mp4', 12), fall('c.mp4', 7), fall('c.mp4', 6)];
    const summary = scoreEvents(labels, [{ clip: 'c.mp4', seconds: 20 }], events, 25);
    // 6 s hits [0,10] (delay 6), 7 s hits [5,15] (delay 2), 12 s duplicates [5,15]
    expect(summary.kinds.fall).toMatchObject({ hits: 2, duplicates: 1, falseAlarms: 0, medianDelayS: 4 });
    expect(summary.duplicateList).toEqual([fall('c.mp4', 12)]);
  });

  it('leaves the delay from lying null when no hit episode has lyingS, and uses only episodes that have it', () => {
    const labels = [episode('a.mp4', 'help-request', 1, 9), episode('b.mp4', 'fall', 1, 9), episode('c.mp4', 'fall', 1, 9, 2)];
    const events = [{ clip: 'a.mp4', kind: 'help-request', tS: 4 }, fall('b.mp4', 8), fall('c.mp4', 5)];
    const videos = ['a.mp4', 'b.mp4', 'c.mp4'].map((clip) => ({ clip, seconds: 10 }));
    const summary = scoreEvents(labels, videos, events, 25);
    expect(summary.kinds['help-request']).toMatchObject({ hits: 1, medianDelayS: 3, medianDelayFromLyingS: null });
    expect(summary.kinds.fall).toMatchObject({ hits: 2, medianDelayS: 5.5, medianDelayFromLyingS: 3 });
  });

  it('reports a kind that only appears in events, with null recall and all its events as false alarms', () => {
    const summary = scoreEvents([episode('a.mp4', 'fall', 1, 9)], [{ clip: 'a.mp4', seconds: 7200 }], [{ clip: 'a.mp4', kind: 'long-wait', tS: 3 }], 25);
    expect(Object.keys(summary.kinds)).toEqual(['fall', 'long-wait']);
    expect(summary.kinds['long-wait']).toEqual({
      episodes: 0, hits: 0, recall: null, duplicates: 0, falseAlarms: 1, falseAlarmsPerHour: 0.5, medianDelayS: null, medianDelayFromLyingS: null,
    });
    expect(summary.missed).toEqual([{ clip: 'a.mp4', kind: 'fall', startS: 1 }]);
  });

  it('takes the middle delay of an odd count of hits, and a negative delay when raised before lying', () => {
    const labels = [episode('a.mp4', 'fall', 0, 9, 5), episode('b.mp4', 'fall', 0, 9, 5), episode('c.mp4', 'fall', 0, 9, 5)];
    const videos = ['a.mp4', 'b.mp4', 'c.mp4'].map((clip) => ({ clip, seconds: 10 }));
    const summary = scoreEvents(labels, videos, [fall('a.mp4', 1), fall('b.mp4', 2), fall('c.mp4', 6)], 25);
    expect(summary.kinds.fall).toMatchObject({ medianDelayS: 2, medianDelayFromLyingS: -3 });
  });

  it('ignores label rows for clips that were not run and matches clips by file name', () => {
    const labels = [episode('fall-01.mp4', 'fall', 2, 10), episode('fall-99.mp4', 'fall', 2, 10), episode('fall-99.mp4', 'help-request', 2, 10)];
    const summary = scoreEvents(labels, [{ clip: '/data/falls/fall-01.mp4', seconds: 12 }], [fall('/data/falls/fall-01.mp4', 3)], 25);
    expect(Object.keys(summary.kinds)).toEqual(['fall']);
    expect(summary.kinds.fall).toMatchObject({ episodes: 1, hits: 1, recall: 1 });
    expect(summary.missed).toEqual([]);
  });

  it('rounds reported numbers to 2 decimals and has exactly the agreed shape', () => {
    const labels = [episode('a.mp4', 'fall', 2.73, 11.33, 3.73), episode('a.mp4', 'fall', 20, 30), episode('a.mp4', 'fall', 40, 50)];
    const summary = scoreEvents(labels, [{ clip: 'a.mp4', seconds: 60.004 }], [fall('a.mp4', 4.83)], 31.4159);
    expect(summary.kinds.fall).toMatchObject({ recall: 0.33, medianDelayS: 2.1, medianDelayFromLyingS: 1.1 });
    expect(Object.keys(summary).sort()).toEqual(['duplicateList', 'falseAlarmList', 'fps', 'kinds', 'missed', 'seconds', 'videos']);
    expect(Object.keys(summary.kinds.fall!)).toEqual(['episodes', 'hits', 'recall', 'duplicates', 'falseAlarms', 'falseAlarmsPerHour', 'medianDelayS', 'medianDelayFromLyingS']);
    expect(summary).toMatchObject({ seconds: 60, fps: 31.42 });
  });

  it('gives 0 false alarms per hour when no video seconds were run', () => {
    const summary = scoreEvents([], [{ clip: 'a.mp4', seconds: 0 }], [fall('a.mp4', 0)], 0);
    expect(summary.kinds.fall).toMatchObject({ falseAlarms: 1, falseAlarmsPerHour: 0 });
  });

  it('refuses an event on a clip that was not among the videos run', () => {
    expect(() => scoreEvents([], [{ clip: 'a.mp4', seconds: 10 }], [fall('b.mp4', 1)], 25)).toThrow(/"b.mp4", which is not among the videos run/);
  });
});

describe('median', () => {
  it('is the middle value of an odd count, the mean of the middle two of an even count, null for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('formatEventScore', () => {
  it('writes one line per kind, the totals, and each miss, false alarm and duplicate with clip and time', () => {
    const labels = [episode('fall-01.mp4', 'fall', 2.73, 11.33, 3.73), episode('fall-02.mp4', 'fall', 1.3, 9.67, 2.3), episode('fall-03.mp4', 'fall', 1, 9, 5)];
    const videos = [{ clip: 'fall-01.mp4', seconds: 1200 }, { clip: 'fall-02.mp4', seconds: 1200 }, { clip: 'fall-03.mp4', seconds: 1200 }, { clip: 'walk-01.mp4', seconds: 1800 }];
    const events = [fall('fall-01.mp4', 4.83), fall('fall-01.mp4', 6), fall('walk-01.mp4', 7.5), { clip: 'walk-01.mp4', kind: 'long-wait', tS: 90 }];
    expect(formatEventScore(scoreEvents(labels, videos, events, 24.5))).toEqual([
      'fall: 1/3 episodes found (recall 0.33), 1 duplicates, 1 false alarms (0.67/h), median delay 2.10 s from start, 1.10 s after lying',
      'long-wait: 0/0 episodes found (recall n/a), 0 duplicates, 1 false alarms (0.67/h)',
      '4 videos, 5400.00 s of video, 24.50 fps analysed',
      'missed: fall-02.mp4 fall episode starting at 1.30 s',
      'missed: fall-03.mp4 fall episode starting at 1.00 s',
      'false alarm: walk-01.mp4 fall at 7.50 s',
      'false alarm: walk-01.mp4 long-wait at 90.00 s',
      'duplicate: fall-01.mp4 fall at 6.00 s',
    ]);
  });

  it('says "before lying" when the median hit comes before the person is lying', () => {
    const summary = scoreEvents([episode('a.mp4', 'fall', 1, 9, 5)], [{ clip: 'a.mp4', seconds: 10 }], [fall('a.mp4', 3)], 25);
    expect(formatEventScore(summary)[0]).toBe('fall: 1/1 episodes found (recall 1.00), 0 duplicates, 0 false alarms (0.00/h), median delay 2.00 s from start, 2.00 s before lying');
  });
});
