/**
 * Fills an empty knowledge base from `seed-articles.json`, so a new branch's kiosk answers
 * common questions from the first day. Once the table has any article, admins own it and the
 * seed is never applied again.
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

/** Inserts the seed articles when the table is empty; answers how many were inserted. */
export async function seedKnowledgeBase(db: Db, log: Logger, file: URL | string = SEED_ARTICLES_FILE): Promise<number> {
  if ((await db.kbArticle.count()) > 0) return 0;
  const articles = loadSeedArticles(file);
  await db.kbArticle.createMany({ data: articles.map(toRow) });
  log.info({ articles: articles.length }, 'seeded the knowledge base');
  return articles.length;
}
