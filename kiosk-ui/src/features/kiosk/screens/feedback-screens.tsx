/** Feedback: satisfaction (required), likelihood to recommend and a comment (both optional). */
import { useState } from 'react';
import { useAction } from '../../../shared/hooks/use-async.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';
import { kioskApi } from '../api/kiosk-api.ts';
import { ErrorNotice, errorCode } from '../components/error-notice.tsx';
import { CsatFaces, NpsScale } from '../components/satisfaction-scales.tsx';
import { ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../kiosk-context.ts';

const COMMENT_MAX = 500;

export function FeedbackScreen() {
  const t = useTranslate(kioskMessages);
  const { language } = useLanguage();
  const { nav, session } = useKiosk();
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [missingCsat, setMissingCsat] = useState(false);
  const [sent, run] = useAction<{ id: string }>();

  const submit = async () => {
    if (csat === null) {
      setMissingCsat(true);
      session.error('feedback.csat-missing');
      return;
    }
    const trimmed = comment.trim();
    const outcome = await run(() =>
      kioskApi.feedback({ csat, language, ...(nps !== null ? { nps } : {}), ...(trimmed ? { comment: trimmed } : {}) }),
    );
    if (outcome?.ok) nav.replace({ kind: 'feedback-thanks' });
    else if (outcome) session.error(errorCode('feedback', outcome.error));
  };

  return (
    <ScreenFrame title={t('feedbackTitle')} className="feedback">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <CsatFaces
          value={csat}
          onChange={(value) => {
            setCsat(value);
            setMissingCsat(false);
          }}
        />
        {missingCsat ? <p className="error-text" role="alert">{t('csatRequired')}</p> : null}
        <NpsScale value={nps} onChange={setNps} />
        <label className="comment-field">
          <span>{t('commentLabel')}</span>
          <textarea value={comment} maxLength={COMMENT_MAX} rows={3} onChange={(event) => setComment(event.target.value)} aria-describedby="comment-hint" />
          <span id="comment-hint" className="field-hint">
            {t('commentHint')} {comment.length}/{COMMENT_MAX}
          </span>
        </label>
        {sent.status === 'error' ? <ErrorNotice error={sent.error} /> : null}
        <div className="choice-row">
          <button type="submit" className="big-button button-primary" data-testid="feedback-send" disabled={sent.status === 'pending'}>
            {sent.status === 'pending' ? t('sending') : t('send')}
          </button>
        </div>
      </form>
    </ScreenFrame>
  );
}

export function FeedbackThanksScreen() {
  const t = useTranslate(kioskMessages);
  const { nav } = useKiosk();
  return (
    <ScreenFrame title={t('thanksTitle')}>
      <p className="lead" data-speak="">{t('thanksBody')}</p>
      <div className="choice-row">
        <button type="button" className="big-button button-primary" onClick={nav.home}>
          {t('finished')}
        </button>
      </div>
    </ScreenFrame>
  );
}
