/**
 * Login throttling, in memory (per hub process). Failed logins are counted in three buckets, each
 * with its own threshold and an exponential back-off (the lock doubles with every further failure
 * up to a cap); a bucket is forgotten an hour after its last failure or lock:
 *
 * - username + address: one person guessing one account from one device. Reset by a success.
 * - address: one device guessing many accounts (password spraying). Not reset by a success, so an
 *   attacker cannot clear it by logging in with an account of their own between guesses.
 * - username, from any address: many devices guessing one account. It does not apply at the
 *   addresses the account has logged in from before, so an attacker elsewhere can slow the
 *   account down on new devices but never lock its owner out of their own tablet or phone.
 *
 * Every attempt counts as a failure from the moment it begins (so parallel attempts cannot slip
 * past a threshold) until it succeeds. While a bucket is locked, attempts are refused without
 * checking the password (no oracle, no scrypt work) and do not extend the lock. The policy's
 * numbers: LOGIN_THROTTLE_POLICY, explained in hub/README.md.
 */

export type ThrottleScope = 'user-address' | 'address' | 'user';

export interface BucketPolicy {
  /** The failure that locks the bucket first (then the lock is `lockS`). */
  lockAfter: number;
  lockS: number;
  maxLockS: number;
}

export interface ThrottlePolicy {
  userAddress: BucketPolicy;
  address: BucketPolicy;
  user: BucketPolicy;
  /** A bucket is forgotten this long after its last failure or the end of its lock. */
  forgetAfterS: number;
  /** Addresses an account logged in from are remembered this long (exempt from the `user` bucket). */
  knownAddressDays: number;
  /** Per bucket map; the oldest are dropped beyond it, so a flood cannot exhaust memory. */
  maxBuckets: number;
}

export const LOGIN_THROTTLE_POLICY: ThrottlePolicy = {
  userAddress: { lockAfter: 5, lockS: 30, maxLockS: 15 * 60 },
  address: { lockAfter: 20, lockS: 60, maxLockS: 60 * 60 },
  user: { lockAfter: 10, lockS: 30, maxLockS: 15 * 60 },
  forgetAfterS: 60 * 60,
  knownAddressDays: 30,
  maxBuckets: 10_000,
};

interface Bucket {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
  /** The first refusal of the current lock has been reported (audited once per lock). */
  refusalReported: boolean;
}

/** A refused attempt: locked, try again in `retryAfterS`. */
export interface ThrottleRefusal {
  allowed: false;
  scope: ThrottleScope;
  retryAfterS: number;
  /** The first refusal of this lock (audit it; later ones only add noise). */
  firstRefusal: boolean;
}

/**
 * An attempt that may go ahead. It already counts as a failure, so attempts sent in parallel
 * cannot slip past a threshold while the passwords are being checked; `succeeded` takes it back.
 */
export interface ThrottleAttempt {
  allowed: true;
  /** Set when this attempt, if it fails, locked a bucket (the lock has already begun). */
  locks: { scope: ThrottleScope; lockS: number } | null;
  succeeded(): void;
}

/** An LRU map of buckets, bounded. */
class Buckets {
  readonly #map = new Map<string, Bucket>();

  constructor(private readonly max: number) {}

  get(key: string): Bucket | undefined {
    return this.#map.get(key);
  }

  touch(key: string, bucket: Bucket): void {
    this.#map.delete(key);
    this.#map.set(key, bucket);
    while (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value!);
  }

  delete(key: string): void {
    this.#map.delete(key);
  }
}

export class LoginThrottle {
  readonly policy: ThrottlePolicy;
  readonly #now: () => number;
  readonly #buckets: Record<ThrottleScope, Buckets>;
  /** username → address → last successful login. */
  readonly #known = new Map<string, Map<string, number>>();

  constructor(options: { now?: () => number; policy?: Partial<ThrottlePolicy> } = {}) {
    this.policy = { ...LOGIN_THROTTLE_POLICY, ...options.policy };
    this.#now = options.now ?? Date.now;
    const max = this.policy.maxBuckets;
    this.#buckets = { 'user-address': new Buckets(max), address: new Buckets(max), user: new Buckets(max) };
  }

  /** Call before checking the password: a refusal, or an attempt to settle with `succeeded`. */
  begin(username: string, address: string): ThrottleRefusal | ThrottleAttempt {
    const now = this.#now();
    const keys = this.#keys(username, address);
    const buckets = keys.map(([scope, key]) => ({ scope, key, bucket: this.#live(scope, key, now) }));
    const locked = buckets
      .filter((entry): entry is typeof entry & { bucket: Bucket } => entry.bucket !== undefined && entry.bucket.lockedUntil > now)
      .sort((a, b) => b.bucket.lockedUntil - a.bucket.lockedUntil)[0];
    if (locked) {
      const firstRefusal = !locked.bucket.refusalReported;
      locked.bucket.refusalReported = true;
      return { allowed: false, scope: locked.scope, retryAfterS: Math.ceil((locked.bucket.lockedUntil - now) / 1000), firstRefusal };
    }

    let locks: ThrottleAttempt['locks'] = null;
    const undo: { scope: ThrottleScope; key: string; bucket: Bucket; lockedUntil: number }[] = [];
    for (const { scope, key, bucket: found } of buckets) {
      const bucket = found ?? { failures: 0, lastFailureAt: now, lockedUntil: 0, refusalReported: false };
      undo.push({ scope, key, bucket, lockedUntil: bucket.lockedUntil });
      bucket.failures++;
      bucket.lastFailureAt = now;
      const lockS = lockSeconds(this.#policyOf(scope), bucket.failures);
      if (lockS > 0) {
        bucket.lockedUntil = now + lockS * 1000;
        bucket.refusalReported = false;
        if (!locks || lockS > locks.lockS) locks = { scope, lockS };
      }
      this.#buckets[scope].touch(key, bucket);
    }
    return {
      allowed: true,
      locks,
      succeeded: () => {
        for (const { scope, key, bucket, lockedUntil } of undo) {
          if (scope !== 'address') this.#buckets[scope].delete(key);
          else {
            bucket.failures = Math.max(0, bucket.failures - 1);
            bucket.lockedUntil = lockedUntil;
          }
        }
        this.#remember(username, address);
      },
    };
  }

  #remember(username: string, address: string): void {
    const known = this.#known.get(username) ?? new Map<string, number>();
    known.delete(address);
    known.set(address, this.#now());
    while (known.size > 20) known.delete(known.keys().next().value!);
    this.#known.delete(username);
    this.#known.set(username, known);
    while (this.#known.size > this.policy.maxBuckets) this.#known.delete(this.#known.keys().next().value!);
  }

  /** The buckets this attempt counts in; the username-wide one not at an address it is known at. */
  #keys(username: string, address: string): [ThrottleScope, string][] {
    const keys: [ThrottleScope, string][] = [['user-address', pairKey(username, address)], ['address', address]];
    if (!this.#isKnown(username, address)) keys.push(['user', username]);
    return keys;
  }

  #isKnown(username: string, address: string): boolean {
    const at = this.#known.get(username)?.get(address);
    return at !== undefined && this.#now() - at < this.policy.knownAddressDays * 86_400_000;
  }

  /** The bucket, unless it has had no failure and no lock for `forgetAfterS` (then it is dropped). */
  #live(scope: ThrottleScope, key: string, now: number): Bucket | undefined {
    const bucket = this.#buckets[scope].get(key);
    if (bucket && now - Math.max(bucket.lastFailureAt, bucket.lockedUntil) > this.policy.forgetAfterS * 1000) {
      this.#buckets[scope].delete(key);
      return undefined;
    }
    return bucket;
  }

  #policyOf(scope: ThrottleScope): BucketPolicy {
    return scope === 'user-address' ? this.policy.userAddress : this.policy[scope];
  }
}

/** The lock after the `failures`-th failure: none before `lockAfter`, then doubling to the cap. */
export function lockSeconds(policy: BucketPolicy, failures: number): number {
  if (failures < policy.lockAfter) return 0;
  return Math.min(policy.lockS * 2 ** Math.min(failures - policy.lockAfter, 30), policy.maxLockS);
}

function pairKey(username: string, address: string): string {
  return `${address}\u0000${username}`;
}
