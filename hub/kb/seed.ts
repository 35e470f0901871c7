/**
 * Fills the knowledge base from `seed-articles.json`, so a new branch's kiosk answers common
 * questions from the first day, and an upgraded hub gets the guides a new release adds. Each seed
 * article is put in once (`KbSeeded` remembers it): after that admins own it, so one they changed
 * stays changed and one they deleted stays deleted; an article of their own with a seed's id wins.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { kbArticleInput, toRow, type KbArticleInput } from './article.ts';

export const SEED_ARTICLES_FILE = new URL('./seed-articles.json', import.meta.url);

/** The seed file's articles, validated (every problem reported at once). */
export function loadSeedArticles(file: URL | string = SEED_ARTICLES_FILE): KbArticleInput[] {
  const parsed = z.array(kbArticleInput).safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`knowledge-base seed ${String(file)} is invalid:\n${z.prettifyError(parsed.error)}`);
  const ids = parsed.data.map((article) => article.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) throw new Error(`knowledge-base seed ${String(file)} repeats the id ${repeated.join(', ')}`);
  return parsed.data;
}

/** Inserts the seed articles this knowledge base never had; answers how many were inserted. */
export async function seedKnowledgeBase(db: Db, log: Logger, file: URL | string = SEED_ARTICLES_FILE): Promise<number> {
  const seeded = new Set((await db.kbSeeded.findMany({ select: { id: true } })).map((row) => row.id));
  const fresh = loadSeedArticles(file).filter((article) => !seeded.has(article.id));
  if (fresh.length === 0) return 0;
  const taken = new Set((await db.kbArticle.findMany({ select: { id: true } })).map((row) => row.id));
  const added = fresh.filter((article) => !taken.has(article.id));
  await db.$transaction([
    db.kbArticle.createMany({ data: added.map(toRow) }),
    db.kbSeeded.createMany({ data: fresh.map((article) => ({ id: article.id })) }),
  ]);
  if (added.length > 0) log.info({ articles: added.length }, 'added seed articles to the knowledge base');
  return added.length;
}
