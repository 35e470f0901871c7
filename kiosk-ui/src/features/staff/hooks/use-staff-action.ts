/** A step on a task or a presence change, with the hub's refusal as words for the person. */
import { ApiError } from '../../../shared/api/http.ts';
import { useAction } from '../../../shared/hooks/use-async.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { staffMessages } from '../../../shared/i18n/messages/staff.ts';

export function useStaffAction<T>(): { busy: boolean; problem: string | null; run(action: () => Promise<T>): Promise<T | null> } {
  const t = useTranslate(staffMessages);
  const common = useTranslate(commonMessages);
  const [state, start] = useAction<T>();
  let problem: string | null = null;
  if (state.status === 'error') problem = state.error instanceof ApiError ? t('actionFailed', { message: state.error.message }) : common('errorNetwork');
  return {
    busy: state.status === 'pending',
    problem,
    run: async (action) => {
      const outcome = await start(action);
      return outcome?.ok ? outcome.value : null;
    },
  };
}
