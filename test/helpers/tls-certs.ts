/**
 * A private CA and a server certificate for localhost / 127.0.0.1 signed by it, made with the
 * system's `openssl` into a temp dir (P-256 keys: fast), for tests of HTTPS and MQTT over TLS.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir.ts';

export interface TestCertificates {
  dir: string;
  /** The CA's certificate: what a client must trust. */
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: Buffer;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: 'pipe' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('these tests need openssl: apt-get install openssl');
    throw new Error(`openssl ${args.join(' ')} failed: ${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`);
  }
}

export function makeTestCertificates(): TestCertificates {
  const dir = tempDir('tp-tls-');
  const cwd = dir.path;
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Touchpoint test branch CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], cwd);
  openssl(['req', ...ec, '-keyout', 'hub.key', '-out', 'hub.csr', '-subj', '/CN=localhost'], cwd);
  writeFileSync(path.join(cwd, 'hub.ext'), [
    'subjectAltName=DNS:localhost,IP:127.0.0.1', 'basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', '',
  ].join('\n'));
  openssl(['x509', '-req', '-in', 'hub.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'hub.pem', '-days', '2', '-extfile', 'hub.ext'], cwd);
  const caFile = path.join(cwd, 'ca.pem');
  return { dir: cwd, caFile, certFile: path.join(cwd, 'hub.pem'), keyFile: path.join(cwd, 'hub.key'), ca: readFileSync(caFile), remove: dir.remove };
}
