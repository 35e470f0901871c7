/**
 * What the fuzz tests share: fast-check settings bounded for `npm test`, and the hostile values
 * they throw at the hub (huge and SQL-looking strings, prototype keys, deep nesting, invalid
 * UTF-8, numbers JSON cannot hold). A failure prints fast-check's seed and path; replay it with
 * `TP_FUZZ_SEED=<seed> TP_FUZZ_PATH=<path> npx vitest run <file>`, or dig deeper with `TP_FUZZ_RUNS=5000`.
 */
import fc from 'fast-check';

export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const { TP_FUZZ_SEED: seed, TP_FUZZ_PATH: path, TP_FUZZ_RUNS: runs } = process.env;
  return {
    numRuns: runs ? Number(runs) : numRuns,
    ...(seed ? { seed: Number(seed) } : {}),
    ...(path ? { path } : {}),
    // Shrinking re-runs the hub many times over; the first counterexample with its seed is enough.
    endOnFailure: true,
  };
}

export const SQL_LOOKING = [
  "' OR '1'='1",
  "'; DROP TABLE \"Event\"; --",
  "Robert'); DROP TABLE Students;--",
  '1; SELECT * FROM sqlite_master',
  "%' AND 1=1 AND '%'='",
  '" OR ""="',
  "x' UNION SELECT id, passwordHash FROM \"User\" --",
];

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Byte sequences that are not UTF-8: a lone continuation, overlong, a surrogate, past U+10FFFF, cut short. */
export const INVALID_UTF8: readonly number[][] = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

/** JSON text nested `depth` levels deep around `inner`, built as text so no recursion is needed. */
export function deeplyNested(depth: number, kind: 'array' | 'object', inner = '1'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
}

/** Strings a careless handler mishandles: SQL, markup, control and invisible characters, lone surrogates, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SQL_LOOKING, ...PROTO_KEYS, '', ' ', '\u0000', '\u202e\u200b', '<script>alert(1)</script>', '../../etc/passwd', '%00', '%ZZ', 'NaN', 'Infinity', '-0', '1e309', '💥'.repeat(3), '\ud800', 'a\udfffb', '🙂'.slice(0, 1)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1, max: 70_000 }).map((length) => 'x'.repeat(length)),
);

/** Numbers at and past the edges: JSON cannot carry NaN or Infinity, so those come as strings. */
export const hostileNumber: fc.Arbitrary<number | string> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, 'NaN', 'Infinity', '-Infinity', '1e309'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value with hostile strings and numbers, and with prototype keys unless told not to. */
export function hostileJsonOf(options: { protoKeys: boolean }): fc.Arbitrary<unknown> {
  const key = options.protoKeys ? fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 })) : fc.string({ maxLength: 12 }).filter((k) => !(PROTO_KEYS as readonly string[]).includes(k));
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      hostileNumber,
      hostileString,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  })).value;
}

export const hostileJson = hostileJsonOf({ protoKeys: true });
