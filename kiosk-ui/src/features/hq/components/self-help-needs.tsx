/**
 * What customers asked the kiosks' self-help, by the need the kiosk understood their question as:
 * the most asked needs first, how often the kiosk answered surely, helped, or the customer asked
 * for a person. Never the questions themselves: the hub does not keep them.
 */
import type { BranchKpis, Need, SelfHelpRates } from '../../../shared/api/hq-types.ts';
import { useLanguage, useTranslate } from '../../../shared/i18n/language-context.tsx';
import { hqMessages } from '../../../shared/i18n/messages/hq.ts';
import { needLabel } from '../../../shared/i18n/messages/needs.ts';
import { formatValue } from '../format.ts';

/** The most asked needs shown; the rest are summed up in one line. */
const NEEDS_SHOWN = 10;

export function SelfHelpNeeds({ selfHelp }: { selfHelp: BranchKpis['kiosk']['selfHelp'] }) {
  const t = useTranslate(hqMessages);
  const { language } = useLanguage();
  const needs = (Object.entries(selfHelp.byNeed) as Array<[Need, SelfHelpRates]>).sort(
    ([needA, a], [needB, b]) => b.sessions - a.sessions || needA.localeCompare(needB),
  );
  const rest = needs.slice(NEEDS_SHOWN);
  const row = (rates: SelfHelpRates) => (
    <>
      <td className="num">{formatValue('count', rates.sessions, t, language)}</td>
      <td className="num">{formatValue('rate', rates.sureRate, t, language)}</td>
      <td className="num">{formatValue('rate', rates.helpedRate, t, language)}</td>
      <td className="num">{formatValue('rate', rates.handedOverRate, t, language)}</td>
    </>
  );
  return (
    <section className="card" aria-labelledby="self-help-title">
      <h3 id="self-help-title">{t('selfHelpTitle')}</h3>
      <p className="muted">{t('selfHelpIntro')}</p>
      {needs.length === 0 ? (
        <p className="muted">{t('noSelfHelp')}</p>
      ) : (
        <table className="data-table" data-testid="self-help-needs">
          <thead>
            <tr>
              <th scope="col">{t('need')}</th>
              <th scope="col" className="num">{t('questions')}</th>
              <th scope="col" className="num">{t('sureRate')}</th>
              <th scope="col" className="num">{t('helpedRate')}</th>
              <th scope="col" className="num">{t('handedOverRate')}</th>
            </tr>
          </thead>
          <tbody>
            {needs.slice(0, NEEDS_SHOWN).map(([need, rates]) => (
              <tr key={need} data-need={need}>
                <th scope="row">{needLabel(need, language)}</th>
                {row(rates)}
              </tr>
            ))}
            {rest.length > 0 ? (
              <tr className="muted" data-testid="more-needs">
                <td colSpan={5}>{t('moreNeeds', { count: rest.length, questions: rest.reduce((sum, [, rates]) => sum + rates.sessions, 0) })}</td>
              </tr>
            ) : null}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('allNeeds')}</th>
              {row(selfHelp)}
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
