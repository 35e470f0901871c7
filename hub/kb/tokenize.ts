/**
 * Text → search terms, for English and Chinese in the same string (customers mix them: "ATM吞卡").
 * Latin runs become lower-case English stems without stop words; Han runs, which have no spaces,
 * become character bigrams plus single characters (so a one-character query such as 卡 still
 * finds something, while bigrams carry most of the meaning).
 */

const HAN = /\p{Script=Han}/u;
/** A run of Han characters, or a run of Latin letters and digits. */
const RUN = /\p{Script=Han}+|[\p{Script=Latin}\p{Nd}]+/gu;

const ENGLISH_STOP_WORDS = new Set(
  ('a an and or but the to of in on at for with by from about into as is are was were be been being am ' +
    'i me my mine we our you your it its this that these those there here he she they them their ' +
    'do does did doing done have has had can could will would shall should may might must ' +
    'what which who whom whose when where why how if then so than too very just not no yes ' +
    'please want wanted need needs get got some any all').split(' '),
);

/** Characters that carry no topic on their own (particles, pronouns, question words). */
const CHINESE_STOP_CHARS = new Set('的了吗呢吧啊呀哦嘛我你您他她它是在和与及或就都也还很么个这那哪怎什请'.split(''));
/** Question and filler words; a bigram of them would match every article. */
const CHINESE_STOP_BIGRAMS = new Set(['怎么', '什么', '如何', '请问', '可以', '一下', '为什', '我的', '你的', '您的', '这个', '那个', '哪里', '怎样']);

/** A simple English stemmer: plurals, -ing, -ed and a silent final e, so card/cards and freeze/freezing meet. */
export function stemEnglish(word: string): string {
  let stem = word.replace(/'s$/, '');
  if (stem.length > 4 && /(ies|ied)$/.test(stem)) stem = `${stem.slice(0, -3)}y`;
  else if (stem.endsWith('sses')) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith('s') && !/(ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);

  const suffix = /ing$/.test(stem) ? 3 : /ed$/.test(stem) && !/eed$/.test(stem) ? 2 : 0;
  if (suffix > 0) {
    const base = stem.slice(0, -suffix);
    // "sing", "bed", "red": too short or no vowel left means the ending belongs to the word.
    if (base.length >= 3 && /[aeiouy]/.test(base)) {
      stem = /([b-df-hj-km-np-rtv-z])\1$/.test(base) && !/(ll|ss|zz)$/.test(base) ? base.slice(0, -1) : base;
    }
  }
  if (stem.length > 4 && stem.endsWith('e') && !stem.endsWith('ee')) stem = stem.slice(0, -1);
  return stem;
}

function englishTerms(run: string): string[] {
  if (ENGLISH_STOP_WORDS.has(run)) return [];
  return [/^\p{Nd}+$/u.test(run) ? run : stemEnglish(run)];
}

function chineseTerms(run: string): string[] {
  const chars = [...run];
  const terms: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    const bigram = chars[i]! + chars[i + 1]!;
    if (!CHINESE_STOP_BIGRAMS.has(bigram) && !(CHINESE_STOP_CHARS.has(chars[i]!) && CHINESE_STOP_CHARS.has(chars[i + 1]!))) terms.push(bigram);
  }
  for (const char of chars) if (!CHINESE_STOP_CHARS.has(char)) terms.push(char);
  return terms;
}

/** Every search term in `text`, in order, with repeats. Full-width letters and digits count as ASCII. */
export function tokenize(text: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  const terms: string[] = [];
  for (const [run] of normalised.matchAll(RUN)) terms.push(...(HAN.test(run) ? chineseTerms(run) : englishTerms(run)));
  return terms;
}

/** The kind of a term, which decides how much a match on it counts and whether typos are forgiven. */
export function termKind(term: string): 'word' | 'bigram' | 'char' {
  if (!HAN.test(term)) return 'word';
  return [...term].length === 1 ? 'char' : 'bigram';
}
