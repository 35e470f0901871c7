/** Self-help: search or browse the knowledge base, then read an article's steps. */
import { useEffect, useState } from 'react';
import { useLoad } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../kiosk-context.ts';

/** Search once the customer pauses typing, not on every key. */
const SEARCH_PAUSE_MS = 300;

function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), SEARCH_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [value]);
  return settled;
}

export function HelpListScreen() {
  const t = useTranslate(kioskMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const { nav } = useKiosk();
  const [query, setQuery] = useState('');
  const settled = useSettled(query);
  const articles = useLoad(() => kioskApi.articles(settled, language), [settled, language]);
  const zh = language === 'zh-CN';

  return (
    <ScreenFrame title={t('selfHelpTitle')}>
      <div className="search-row">
        <label htmlFor="kb-search">{t('searchLabel')}</label>
        <input id="kb-search" type="search" className="search-input" value={query} placeholder={t('searchPlaceholder')} autoComplete="off" onChange={(event) => setQuery(event.target.value)} />
      </div>
      {articles.status === 'pending' ? <p aria-busy="true">{common('loading')}</p> : null}
      {articles.status === 'error' ? <ErrorNotice error={articles.error} onRetry={articles.reload} /> : null}
      {articles.status === 'done' && articles.value.length === 0 ? <p className="lead">{t('noArticles')}</p> : null}
      {articles.status === 'done' ? (
        <ul className="article-list" role="list" aria-live="polite">
          {articles.value.map((article) => (
            <li key={article.id}>
              <button type="button" className="article-button" data-testid={`article-${article.id}`} onClick={() => nav.go({ kind: 'help-article', articleId: article.id })}>
                <span className="article-title">{zh ? article.titleZh : article.titleEn}</span>
                <span className="article-summary">{zh ? article.summaryZh : article.summaryEn}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </ScreenFrame>
  );
}

export function HelpArticleScreen({ articleId }: { articleId: string }) {
  const t = useTranslate(kioskMessages);
  const common = useTranslate(commonMessages);
  const { language } = useLanguage();
  const article = useLoad(() => kioskApi.article(articleId), [articleId]);
  const [imageFailed, setImageFailed] = useState(false);
  if (article.status !== 'done') {
    return (
      <ScreenFrame title={t('selfHelpTitle')}>
        {article.status === 'error' ? <ErrorNotice error={article.error} onRetry={article.reload} /> : <p aria-busy="true">{common('loading')}</p>}
      </ScreenFrame>
    );
  }
  const zh = language === 'zh-CN';
  const { value } = article;
  return (
    <ScreenFrame title={zh ? value.titleZh : value.titleEn} className="article">
      <p className="lead" data-speak="">{zh ? value.summaryZh : value.summaryEn}</p>
      <div className="article-body">
        <section aria-label={t('stepsTitle')}>
          <h3>{t('stepsTitle')}</h3>
          <ol className="steps" data-speak="">
            {(zh ? value.stepsZh : value.stepsEn).map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ol>
        </section>
        {value.image && !imageFailed ? <img className="article-image" src={value.image} alt="" onError={() => setImageFailed(true)} /> : null}
      </div>
    </ScreenFrame>
  );
}
