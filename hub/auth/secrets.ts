/**
 * Machine secrets: device credentials and session tokens. They are 256-bit random values, so a
 * SHA-256 digest is enough to store them (no slow hash needed) and lets every MQTT CONNECT and
 * API call verify in microseconds.
 */
import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameDigest(secret: string, storedDigest: string): boolean {
  const a = Buffer.from(digest(secret), 'hex');
  const b = Buffer.from(storedDigest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The secret in Mosquitto 2's password-file format (`$7$`: PBKDF2-SHA512, 101 rounds). */
export function mosquittoPasswordHash(secret: string): string {
  const iterations = 101;
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(secret, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}
