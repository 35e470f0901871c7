/** Messages every screen shares: connection, privacy link, waits, generic errors. */
import { defineCatalogue } from '../catalogue.ts';

export const commonMessages = defineCatalogue(
  {
    switchLanguage: '中文',
    offline: 'No connection to the branch server. Retrying…',
    privacy: 'Privacy notice',
    loading: 'Loading…',
    retry: 'Try again',
    errorGeneric: 'Something went wrong. Please try again.',
    errorNetwork: 'The branch server did not answer. Please try again.',
    errorBusy: 'Many requests right now. Please wait a moment, then try again.',
    waitUnknown: 'Wait not known yet',
    waitUnderMinute: 'Less than a minute',
    waitRange: ({ low, high }: { low: number; high: number }) => (low === high ? `About ${low} min` : `${low}–${high} min`),
    minutes: ({ n }: { n: number }) => `${n} min`,
  },
  {
    switchLanguage: 'English',
    offline: '与网点服务器的连接已断开，正在重试…',
    privacy: '隐私声明',
    loading: '加载中…',
    retry: '重试',
    errorGeneric: '出了点问题，请重试。',
    errorNetwork: '网点服务器没有响应，请重试。',
    errorBusy: '当前请求较多，请稍候片刻再试。',
    waitUnknown: '暂无预计等候时间',
    waitUnderMinute: '不到1分钟',
    waitRange: ({ low, high }) => (low === high ? `约${low}分钟` : `${low}–${high}分钟`),
    minutes: ({ n }) => `${n}分钟`,
  },
);
