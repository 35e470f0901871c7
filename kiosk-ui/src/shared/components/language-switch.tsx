import { commonMessages } from '../i18n/messages/common.ts';
import { useLanguage, useTranslate } from '../i18n/language-context.tsx';
import { otherLanguage } from '../i18n/language.ts';

/** One button that switches to the other language; it reads its label in that language. */
export function LanguageSwitch({ onSwitch }: { onSwitch?: () => void }) {
  const { language, setLanguage } = useLanguage();
  const t = useTranslate(commonMessages);
  const target = otherLanguage(language);
  return (
    <button
      type="button"
      className="tool-button"
      lang={target}
      onClick={() => {
        setLanguage(target);
        onSwitch?.();
      }}
    >
      {t('switchLanguage')}
    </button>
  );
}
