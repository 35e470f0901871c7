/** A floor action (acknowledge, reassign, ...) with the hub's refusal as words for the manager. */
import { ApiError } from '../../../shared/api/http.ts';
import { useAction } from '../../../shared/hooks/use-async.ts';
import { useTranslate } from '../../../shared/i18n/language-context.tsx';
import { commonMessages } from '../../../shared/i18n/messages/common.ts';
import { floorMessages } from '../../../shared/i18n/messages/floor.ts';

export function useFloorAction(): { busy: boolean; problem: string | null; run(action: () => Promise<unknown>): Promise<boolean> } {
  const t = useTranslate(floorMessages);
  const common = useTranslate(commonMessages);
  const [state, start] = useAction<unknown>();
  let problem: string | null = null;
  if (state.status === 'error') problem = state.error instanceof ApiError ? t('actionFailed', { message: state.error.message }) : common('errorNetwork');
  return {
    busy: state.status === 'pending',
    problem,
    run: async (action) => (await start(action))?.ok === true,
  };
}
