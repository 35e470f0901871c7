/**
 * The self-help knowledge base: articles in the database, a copy in memory for the kiosk's
 * searches, and the search index rebuilt after every change (a branch has tens of articles, so
 * a rebuild costs less than keeping an index in step). `start()` seeds an empty table.
 */
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { fromRow, KB_CATEGORIES, toRow, type KbArticle, type KbArticleInput, type KbArticleSummary, type KbCategory } from './article.ts';
import { createLexicalSearch, type KbLanguage, type KbSearch, type SearchDocument, type SearchHit } from './search.ts';
import { isNeed } from './needs.ts';
import { seedKnowledgeBase } from './seed.ts';

export interface KnowledgeBaseDeps {
  db: Db;
  log: Logger;
  /** Builds the search over the current articles; the lexical search unless another is given. */
  createSearch?: (documents: SearchDocument[]) => KbSearch;
}

export interface ListQuery {
  /** Free text; without it every article is listed, by category. */
  q?: string;
  lang: KbLanguage;
  category?: KbCategory;
  /** The most search results to return. */
  limit: number;
}

const COLLATORS: Record<KbLanguage, Intl.Collator> = { 'zh-CN': new Intl.Collator('zh-CN'), en: new Intl.Collator('en') };

/** An article, stored or a seed's, as the search indexes it. */
export function toDocument(article: Omit<KbArticle, 'updatedAt'>): SearchDocument {
  return {
    id: article.id,
    text: {
      en: { title: article.titleEn, keywords: article.keywordsEn.join(' '), summary: article.summaryEn, steps: article.stepsEn },
      'zh-CN': { title: article.titleZh, keywords: article.keywordsZh.join(' '), summary: article.summaryZh, steps: article.stepsZh },
    },
    needs: article.needs,
  };
}

function toSummary(article: KbArticle, hit: Omit<SearchHit, 'id'> | null): KbArticleSummary {
  const { id, category, titleEn, titleZh, summaryEn, summaryZh, image, urgent } = article;
  return { id, category, titleEn, titleZh, summaryEn, summaryZh, image, urgent, score: hit?.score ?? null, confidence: hit?.confidence ?? null, need: hit?.need && isNeed(hit.need) ? hit.need : null };
}

export class KnowledgeBase {
  #articles = new Map<string, KbArticle>();
  #search: KbSearch | null = null;
  /** Writes run one at a time, so the memory copy follows the database in the same order. */
  #writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: KnowledgeBaseDeps) {}

  async start(): Promise<void> {
    await seedKnowledgeBase(this.deps.db, this.deps.log);
    const rows = await this.deps.db.kbArticle.findMany();
    this.#articles = new Map(rows.map((row) => [row.id, fromRow(row)]));
    this.#reindex();
  }

  list(query: ListQuery): KbArticleSummary[] {
    const inCategory = (article: KbArticle | undefined): article is KbArticle => !!article && (!query.category || article.category === query.category);
    const text = query.q?.trim();
    if (text) {
      // Ask for every match, then filter by category, so the limit counts only articles in the category.
      const hits = this.#index().search(text, query.lang, this.#articles.size);
      return hits
        .map((hit) => ({ ...hit, article: this.#articles.get(hit.id) }))
        .filter((hit): hit is SearchHit & { article: KbArticle } => inCategory(hit.article))
        .slice(0, query.limit)
        .map((hit) => toSummary(hit.article, hit));
    }
    const title = (article: KbArticle) => (query.lang === 'en' ? article.titleEn : article.titleZh);
    return [...this.#articles.values()]
      .filter(inCategory)
      .sort((a, b) => KB_CATEGORIES.indexOf(a.category) - KB_CATEGORIES.indexOf(b.category) || COLLATORS[query.lang].compare(title(a), title(b)))
      .map((article) => toSummary(article, null));
  }

  get(id: string): KbArticle | null {
    return this.#articles.get(id) ?? null;
  }

  /** Adds an article; null when one with the same id exists. */
  create(input: KbArticleInput): Promise<KbArticle | null> {
    return this.#write(async () => {
      if (this.#articles.has(input.id)) return null;
      return this.#remember(fromRow(await this.deps.db.kbArticle.create({ data: toRow(input) })));
    });
  }

  /** Replaces an article's content; null when there is no such article. */
  replace(id: string, change: Omit<KbArticleInput, 'id'>): Promise<KbArticle | null> {
    return this.#write(async () => {
      if (!this.#articles.has(id)) return null;
      const { id: _id, ...data } = toRow({ ...change, id });
      return this.#remember(fromRow(await this.deps.db.kbArticle.update({ where: { id }, data })));
    });
  }

  /** Deletes an article; false when there is no such article. */
  remove(id: string): Promise<boolean> {
    return this.#write(async () => {
      if (!this.#articles.has(id)) return false;
      await this.deps.db.kbArticle.delete({ where: { id } });
      this.#articles.delete(id);
      this.#reindex();
      return true;
    });
  }

  #write<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#writes.then(work);
    this.#writes = result.catch(() => undefined);
    return result;
  }

  #remember(article: KbArticle): KbArticle {
    this.#articles.set(article.id, article);
    this.#reindex();
    return article;
  }

  #reindex(): void {
    const build = this.deps.createSearch ?? createLexicalSearch;
    this.#search = build([...this.#articles.values()].map(toDocument));
  }

  #index(): KbSearch {
    if (!this.#search) throw new Error('the knowledge base is searched before start()');
    return this.#search;
  }
}
