import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE_POLICY, LoginThrottle, lockSeconds, type ThrottleAttempt, type ThrottleRefusal } from './login-throttle.ts';

function clock(start = Date.UTC(2026, 10, 25, 9)) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => void (now += seconds * 1000) };
}

/** `count` wrong passwords in a row; returns the last answer. */
function fail(throttle: LoginThrottle, username: string, address: string, count = 1): ThrottleRefusal | ThrottleAttempt {
  let last: ThrottleRefusal | ThrottleAttempt = throttle.begin(username, address);
  for (let i = 1; i < count; i++) last = throttle.begin(username, address);
  return last;
}

describe('lockSeconds', () => {
  it('locks from the threshold on, doubling to the cap', () => {
    const policy = { lockAfter: 5, lockS: 30, maxLockS: 900 };
    expect([1, 4, 5, 6, 7, 8, 9, 10, 11, 50].map((n) => lockSeconds(policy, n))).toEqual([0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });
});

describe('LoginThrottle', () => {
  it('lets five wrong passwords through, then refuses with the time left, and lets the right one in when it ends', () => {
    const time = clock();
    const throttle = new LoginThrottle({ now: time.now });
    for (let i = 1; i <= 4; i++) expect(throttle.begin('floor', '10.0.0.1')).toMatchObject({ allowed: true, locks: null });
    expect(throttle.begin('floor', '10.0.0.1')).toMatchObject({ allowed: true, locks: { scope: 'user-address', lockS: 30 } });
    expect(throttle.begin('floor', '10.0.0.1')).toEqual({ allowed: false, scope: 'user-address', retryAfterS: 30, firstRefusal: true });
    time.advance(12);
    expect(throttle.begin('floor', '10.0.0.1')).toEqual({ allowed: false, scope: 'user-address', retryAfterS: 18, firstRefusal: false });
    time.advance(18);
    const attempt = throttle.begin('floor', '10.0.0.1');
    expect(attempt.allowed).toBe(true);
    (attempt as ThrottleAttempt).succeeded();
    // A success starts the count again.
    for (let i = 1; i <= 4; i++) expect(throttle.begin('floor', '10.0.0.1').allowed).toBe(true);
  });

  it('doubles the lock with every failure after it, up to 15 minutes', () => {
    const time = clock();
    const throttle = new LoginThrottle({ now: time.now });
    fail(throttle, 'admin', '10.0.0.2', 5);
    const locks: number[] = [];
    for (let i = 0; i < 8; i++) {
      const refusal = throttle.begin('admin', '10.0.0.2') as ThrottleRefusal;
      expect(refusal.allowed).toBe(false);
      time.advance(refusal.retryAfterS);
      const attempt = throttle.begin('admin', '10.0.0.2') as ThrottleAttempt;
      locks.push(attempt.locks!.lockS);
    }
    expect(locks).toEqual([60, 120, 240, 480, 900, 900, 900, 900]);
  });

  it('does not lock the same user at another address, nor another user at the same address', () => {
    const throttle = new LoginThrottle({ now: clock().now });
    fail(throttle, 'floor', '10.0.0.1', 5);
    expect(throttle.begin('floor', '10.0.0.1').allowed).toBe(false);
    expect(throttle.begin('floor', '10.0.0.9').allowed).toBe(true);
    expect(throttle.begin('wang', '10.0.0.1').allowed).toBe(true);
  });

  it('locks an address that guesses many accounts, and a success there does not clear it', () => {
    const throttle = new LoginThrottle({ now: clock().now });
    for (let i = 0; i < 19; i++) expect(throttle.begin(`user-${i}`, '10.0.0.3').allowed).toBe(true);
    // An account of the attacker's own, logged into between guesses, does not reset the address.
    (throttle.begin('mallory', '10.0.0.3') as ThrottleAttempt).succeeded();
    expect(throttle.begin('user-19', '10.0.0.3')).toMatchObject({ allowed: true, locks: { scope: 'address', lockS: 60 } });
    expect(throttle.begin('admin', '10.0.0.3')).toMatchObject({ allowed: false, scope: 'address', retryAfterS: 60 });
    expect(throttle.begin('admin', '10.0.0.4').allowed).toBe(true);
  });

  it('slows down one account guessed from many addresses, but never at an address it logged in from', () => {
    const throttle = new LoginThrottle({ now: clock().now });
    (throttle.begin('hq-analyst', '10.1.0.1') as ThrottleAttempt).succeeded();
    for (let i = 0; i < LOGIN_THROTTLE_POLICY.user.lockAfter; i++) expect(throttle.begin('hq-analyst', `10.9.0.${i}`).allowed).toBe(true);
    expect(throttle.begin('hq-analyst', '10.9.9.9')).toMatchObject({ allowed: false, scope: 'user', retryAfterS: 30 });
    // The owner's own device is not locked out by the attacker.
    expect(throttle.begin('hq-analyst', '10.1.0.1').allowed).toBe(true);
  });

  it('counts attempts as they begin, so parallel guesses cannot pass the threshold', () => {
    const throttle = new LoginThrottle({ now: clock().now });
    const answers = Array.from({ length: 12 }, () => throttle.begin('admin', '10.0.0.5'));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(5);
  });

  it('forgets failures after an hour without one', () => {
    const time = clock();
    const throttle = new LoginThrottle({ now: time.now });
    fail(throttle, 'wang', '10.0.0.6', 4);
    time.advance(3601);
    for (let i = 0; i < 4; i++) expect(throttle.begin('wang', '10.0.0.6')).toMatchObject({ allowed: true, locks: null });
  });

  it('keeps its memory bounded under a flood of made-up usernames', () => {
    const throttle = new LoginThrottle({ now: clock().now, policy: { maxBuckets: 100 } });
    for (let i = 0; i < 1000; i++) throttle.begin(`nobody-${i}`, `10.2.${i >> 8}.${i & 255}`);
    // The oldest were dropped; the newest still count.
    fail(throttle, 'nobody-999', '10.2.3.231', 4);
    expect(throttle.begin('nobody-999', '10.2.3.231').allowed).toBe(false);
  });
});
