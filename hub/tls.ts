/**
 * TLS material from the configuration, read once at start with clear errors: the hub's own
 * certificate and key (HTTPS, MQTT over TLS) and the CAs it trusts for the brokers it connects to.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

export interface ServerTls {
  key: Buffer;
  cert: Buffer;
}

function readPem(variable: string, file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    throw new Error(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!pem.includes('-----BEGIN ')) throw new Error(`${variable}: ${file} is not a PEM file`);
  return pem;
}

/** The hub's certificate and key, or null when none is configured (plain HTTP and MQTT). */
export function serverTls(config: { TP_TLS_CERT?: string; TP_TLS_KEY?: string; TP_TLS_CA?: string }): ServerTls | null {
  const { TP_TLS_CERT: certFile, TP_TLS_KEY: keyFile, TP_TLS_CA: chainFile } = config;
  if (!certFile && !keyFile) {
    if (chainFile) throw new Error('TP_TLS_CA is set but TP_TLS_CERT and TP_TLS_KEY are not');
    return null;
  }
  if (!certFile || !keyFile) throw new Error('TP_TLS_CERT and TP_TLS_KEY go together: set both, or neither');
  const key = readPem('TP_TLS_KEY', keyFile);
  const chain = chainFile ? readPem('TP_TLS_CA', chainFile) : null;
  const cert = chain ? Buffer.concat([readPem('TP_TLS_CERT', certFile), Buffer.from('\n'), chain]) : readPem('TP_TLS_CERT', certFile);
  try {
    createSecureContext({ key, cert });
  } catch (error) {
    throw new Error(`TP_TLS_CERT / TP_TLS_KEY: ${(error as Error).message} (is the key the certificate's?)`);
  }
  return { key, cert };
}

/** The CA certificates to trust instead of the system's, or undefined. */
export function trustedCa(variable: string, file: string | undefined): Buffer | undefined {
  return file ? readPem(variable, file) : undefined;
}
