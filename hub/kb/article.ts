/**
 * A knowledge-base article as the API and the seed file write it (zod, validated once), and its
 * mapping to the `KbArticle` row, which keeps steps as JSON arrays and keywords as space-separated words.
 */
import { z } from 'zod';
import { id } from '../branch/branch-config.ts';
import { MAX_NEEDS_PER_ARTICLE, NEEDS } from './needs.ts';
import type { KbArticle as KbArticleRow } from '../../generated/prisma/client.ts';

export const KB_CATEGORIES = ['cards', 'accounts', 'digital', 'fx', 'loans', 'general'] as const;
export type KbCategory = (typeof KB_CATEGORIES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const steps = z.array(text(500)).min(1).max(20).describe('numbered steps a customer can follow, in order');
const keywords = z
  .array(z.string().trim().regex(/^\S{1,40}$/, 'one word per keyword, without spaces (at most 40 characters)'))
  .max(80)
  .describe('words customers use for this topic, e.g. "stolen", "挂失"');

const articleFields = z.strictObject({
  id: id.describe('a slug, e.g. lost-card'),
  category: z.enum(KB_CATEGORIES),
  titleEn: text(120),
  titleZh: text(120),
  summaryEn: text(400),
  summaryZh: text(400),
  stepsEn: steps,
  stepsZh: steps,
  keywordsEn: keywords.default([]),
  keywordsZh: keywords.default([]),
  image: z
    .string()
    .regex(/^\/kb\/[a-z0-9-]{1,63}\.(svg|png|webp)$/, 'a path under /kb/, e.g. /kb/lost-card.svg')
    .nullable()
    .default(null)
    .describe('an illustration served by the hub'),
  needs: z
    .array(z.enum(NEEDS))
    .max(MAX_NEEDS_PER_ARTICLE)
    .refine((needs) => new Set(needs).size === needs.length, 'each need once')
    .default([])
    .describe('the customer needs it answers (BANKING77 intents, hub/kb/needs.ts), at most 3 closely related'),
  urgent: z.boolean().default(false).describe('the customer must not handle it alone: the kiosk shows the first safe step and a one-tap "call a person"'),
});

/** The kiosk shows step N in either language, so both lists must be equally long. */
const sameStepCount = (article: { stepsEn: string[]; stepsZh: string[] }) => article.stepsEn.length === article.stepsZh.length;
const stepCountProblem = { message: 'stepsEn and stepsZh must have the same number of steps', path: ['stepsZh'] };

export const kbArticleInput = articleFields.refine(sameStepCount, stepCountProblem);
export type KbArticleInput = z.infer<typeof kbArticleInput>;

/** The same article without its id (the id is in the URL when it is replaced). */
export const kbArticleChange = articleFields.omit({ id: true }).refine(sameStepCount, stepCountProblem);

export const kbArticle = z.object({
  id: z.string(),
  category: z.enum(KB_CATEGORIES),
  titleEn: z.string(),
  titleZh: z.string(),
  summaryEn: z.string(),
  summaryZh: z.string(),
  stepsEn: z.array(z.string()),
  stepsZh: z.array(z.string()),
  keywordsEn: z.array(z.string()),
  keywordsZh: z.array(z.string()),
  image: z.string().nullable(),
  needs: z.array(z.string()),
  urgent: z.boolean(),
  updatedAt: z.string().describe('ISO time of the last change'),
});
export type KbArticle = z.infer<typeof kbArticle>;

/** What a list or a search shows: enough to pick an article, in both languages. */
export const kbArticleSummary = kbArticle
  .pick({ id: true, category: true, titleEn: true, titleZh: true, summaryEn: true, summaryZh: true, image: true, urgent: true })
  .extend({
    score: z.number().nullable().describe('relevance to q, higher is better; null when listing without q'),
    confidence: z.number().nullable().describe('how sure the kiosk is that it answers q (0–1); null when found by its words alone'),
    need: z.enum(NEEDS).nullable().describe('the customer need the kiosk read in q that this article answers; null when found by its words alone'),
  });
export type KbArticleSummary = z.infer<typeof kbArticleSummary>;

type RowData = Omit<KbArticleRow, 'createdAt' | 'updatedAt'>;

export function toRow(article: KbArticleInput): RowData {
  return {
    ...article,
    stepsEn: JSON.stringify(article.stepsEn),
    stepsZh: JSON.stringify(article.stepsZh),
    keywordsEn: article.keywordsEn.join(' '),
    keywordsZh: article.keywordsZh.join(' '),
    needs: article.needs.join(' '),
  };
}

const words = (value: string) => value.split(/\s+/).filter(Boolean);

export function fromRow(row: KbArticleRow): KbArticle {
  return {
    id: row.id,
    category: z.enum(KB_CATEGORIES).parse(row.category),
    titleEn: row.titleEn,
    titleZh: row.titleZh,
    summaryEn: row.summaryEn,
    summaryZh: row.summaryZh,
    stepsEn: z.array(z.string()).parse(JSON.parse(row.stepsEn)),
    stepsZh: z.array(z.string()).parse(JSON.parse(row.stepsZh)),
    keywordsEn: words(row.keywordsEn),
    keywordsZh: words(row.keywordsZh),
    image: row.image,
    needs: words(row.needs),
    urgent: row.urgent,
    updatedAt: row.updatedAt.toISOString(),
  };
}
