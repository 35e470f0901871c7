/** CSAT as five faces and NPS as 0–10: radio groups, so each choice is announced and keyboard-usable. */
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { kioskMessages } from '../../../shared/i18n/messages/kiosk.ts';

const FACE_MOUTHS = ['M15 35q9-8 18 0', 'M16 33q8-4 16 0', 'M16 32h16', 'M16 31q8 4 16 0', 'M15 30q9 9 18 0'];
const CSAT_KEYS = ['csat1', 'csat2', 'csat3', 'csat4', 'csat5'] as const;

function Face({ mouth }: { mouth: string }) {
  return (
    <svg viewBox="0 0 48 48" width="56" height="56" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round">
      <circle cx="24" cy="24" r="20" />
      <circle cx="17" cy="19" r="1.5" fill="currentColor" />
      <circle cx="31" cy="19" r="1.5" fill="currentColor" />
      <path d={mouth} />
    </svg>
  );
}

export function CsatFaces({ value, onChange }: { value: number | null; onChange(value: number): void }) {
  const t = useTranslate(kioskMessages);
  return (
    <fieldset className="scale csat">
      <legend>{t('csatQuestion')}</legend>
      <div className="scale-options">
        {CSAT_KEYS.map((key, index) => (
          <label key={key} className={`face-option ${value === index + 1 ? 'selected' : ''}`}>
            <input type="radio" name="csat" className="visually-hidden" checked={value === index + 1} onChange={() => onChange(index + 1)} />
            <Face mouth={FACE_MOUTHS[index]!} />
            <span>{t(key)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function NpsScale({ value, onChange }: { value: number | null; onChange(value: number): void }) {
  const t = useTranslate(kioskMessages);
  return (
    <fieldset className="scale nps">
      <legend>{t('npsQuestion')}</legend>
      <div className="scale-options nps-options">
        {Array.from({ length: 11 }, (_, score) => (
          <label key={score} className={`nps-option ${value === score ? 'selected' : ''}`}>
            <input type="radio" name="nps" className="visually-hidden" checked={value === score} onChange={() => onChange(score)} />
            <span>{score}</span>
          </label>
        ))}
      </div>
      <div className="nps-ends">
        <span>{t('npsLow')}</span>
        <span>{t('npsHigh')}</span>
      </div>
    </fieldset>
  );
}
