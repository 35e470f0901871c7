/** Signing in to a staff screen (counter, floor, staff). */
import { defineCatalogue } from '../catalogue.ts';

export const signInMessages = defineCatalogue(
  {
    title: 'Staff sign-in',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    wrongLogin: 'Wrong username or password.',
    tooManyAttempts: 'Too many failed sign-ins. Wait a while, then try again; the wait grows with every failed attempt.',
    sessionEnded: 'Your session has ended. Please sign in again.',
    wrongRole: 'This account may not use this screen.',
    signOut: 'Sign out',
    signedInAs: ({ name }: { name: string }) => `Signed in as ${name}`,
  },
  {
    title: '员工登录',
    username: '用户名',
    password: '密码',
    signIn: '登录',
    signingIn: '正在登录…',
    wrongLogin: '用户名或密码错误。',
    tooManyAttempts: '登录失败次数过多，请稍后再试；每次失败后等待时间会延长。',
    sessionEnded: '登录已过期，请重新登录。',
    wrongRole: '此账号无权使用本页面。',
    signOut: '退出登录',
    signedInAs: ({ name }) => `当前用户：${name}`,
  },
);
