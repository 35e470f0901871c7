/**
 * Self-help: the customer asks in their own words (or browses), the kiosk opens the guide that
 * answers it, says when it is not sure, and puts a person one tap away where a need is urgent.
 */
import { useEffect, useState } from 'react';
import { useLoad } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import type { KbArticleSummary } from '../../../shared/api/queue-types.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../kiosk-context.ts';
import { useCallPerson } from './call-person-screens.tsx';

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
  const [query, setQuery] = useState('');
  const settled = useSettled(query);
  const found = useLoad(() => kioskApi.articles(settled, language), [settled, language]);

  return (
    <ScreenFrame title={t('selfHelpTitle')}>
      <div className="search-row">
        <label htmlFor="kb-search">{t('searchLabel')}</label>
        <input id="kb-search" type="search" className="search-input" value={query} placeholder={t('searchPlaceholder')} autoComplete="off" onChange={(event) => setQuery(event.target.value)} />
      </div>
      {found.status === 'pending' ? <p aria-busy="true">{common('loading')}</p> : null}
      {found.status === 'error' ? <ErrorNotice error={found.error} onRetry={found.reload} /> : null}
      {found.status === 'done' ? <Answers items={found.value.items} sure={found.value.sure} /> : null}
    </ScreenFrame>
  );
}

/** How many guesses the kiosk shows when it is not sure what the customer meant. */
const GUESSES_WHEN_NOT_SURE = 2;

/**
 * The guides for what the customer typed, or all of them when nothing was typed (`sure` is null).
 * When the hub is not sure of its first guide, the kiosk says so, shows its best guesses and offers
 * a person first. Opening a guide, or calling a person after a question, records the need the
 * question was read as (never the question).
 */
function Answers({ items, sure }: { items: KbArticleSummary[]; sure: boolean | null }) {
  const t = useTranslate(kioskMessages);
  const { language } = useLanguage();
  const { nav, session } = useKiosk();
  const zh = language === 'zh-CN';
  const asked = sure !== null;

  const record = (article: KbArticleSummary | undefined, surely: boolean) => {
    if (asked && article?.need && article.confidence !== null) session.answer({ need: article.need, confidence: article.confidence, sure: surely });
  };
  const open = (article: KbArticleSummary, index: number) => {
    record(article, sure === true && index === 0);
    nav.go({ kind: 'help-article', articleId: article.id });
  };
  const callPerson = () => {
    record(items[0], sure === true);
    nav.go({ kind: 'call-person' });
  };

  if (items.length === 0) {
    return (
      <>
        <p className="lead">{t('noArticles')}</p>
        <CallPersonButton onClick={callPerson} primary />
      </>
    );
  }
  const notSure = sure === false;
  const shown = notSure ? items.slice(0, GUESSES_WHEN_NOT_SURE) : items;
  const best = (index: number) => sure === true && index === 0;
  return (
    <>
      {notSure ? (
        <div className="not-sure" role="status" data-testid="help-not-sure">
          <p className="not-sure-title">{t('notSureTitle')}</p>
          <p>{t('notSureBody')}</p>
        </div>
      ) : null}
      <ul className="article-list" role="list" aria-live="polite">
        {shown.map((article, index) => (
          <li key={article.id}>
            <button type="button" className={best(index) ? 'article-button article-best' : 'article-button'} data-testid={`article-${article.id}`} onClick={() => open(article, index)}>
              {best(index) ? <span className="article-best-label">{t('bestAnswer')}</span> : null}
              <span className="article-title">{zh ? article.titleZh : article.titleEn}</span>
              <span className="article-summary">{zh ? article.summaryZh : article.summaryEn}</span>
            </button>
          </li>
        ))}
      </ul>
      {notSure ? <CallPersonButton onClick={callPerson} primary /> : asked ? <CallPersonButton onClick={callPerson} label={t('stillNeedHelp')} /> : null}
    </>
  );
}

function CallPersonButton({ onClick, primary = false, label }: { onClick: () => void; primary?: boolean; label?: string }) {
  const t = useTranslate(kioskMessages);
  return (
    <div className="choice-row">
      {label ? <span className="choice-row-label">{label}</span> : null}
      <button type="button" className={primary ? 'big-button button-primary' : 'big-button'} data-testid="help-call-person" onClick={onClick}>
        {t('callPersonButton')}
      </button>
    </div>
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
      {value.urgent ? <UrgentNotice /> : null}
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

/** A need the customer must not handle alone: the steps start with the first safe one, and a person is one tap away. */
function UrgentNotice() {
  const t = useTranslate(kioskMessages);
  const { calling, call } = useCallPerson();
  return (
    <div className="urgent-notice" role="note" data-speak="">
      <p className="urgent-title">{t('urgentTitle')}</p>
      <p>{t('urgentBody')}</p>
      <button type="button" className="big-button button-primary" data-testid="urgent-call" disabled={calling} onClick={() => void call()}>
        {calling ? t('calling') : t('callPersonButton')}
      </button>
    </div>
  );
}
