/**
 * The bridge section of a branch Mosquitto's config: it forwards the branch hub's summaries to
 * the HQ broker at QoS 1. `cleansession false` keeps the bridge's session on both sides, so while
 * HQ is unreachable the branch broker queues the summaries and delivers them when it is back.
 * Nothing else crosses: the bridge carries the summary topic only, outwards only.
 */
export interface BridgeOptions {
  /** The branches whose hubs publish on this broker (normally one). */
  branchIds: readonly string[];
  /** HQ's broker: mqtt://host:port, or mqtts://host:port (verified against the system CAs). */
  hqUrl: string;
  username?: string;
  password?: string;
  /** First and longest wait before reconnecting to HQ, in seconds. */
  restartTimeoutS?: readonly [number, number];
}

export function bridgeSection(options: BridgeOptions): string {
  const url = new URL(options.hqUrl);
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') throw new Error(`the HQ broker must be mqtt://host:port or mqtts://host:port, not ${options.hqUrl}`);
  if (options.branchIds.length === 0) throw new Error('a bridge needs at least one branch');
  const secure = url.protocol === 'mqtts:';
  const port = url.port || (secure ? '8883' : '1883');
  const name = options.branchIds.join('-');
  const [first, longest] = options.restartTimeoutS ?? [5, 60];
  return [
    '# Summaries to HQ (hub/hq/README.md): outwards only, QoS 1, queued here while HQ is unreachable.',
    `connection tp-hq-${name}`,
    `address ${url.hostname}:${port}`,
    `remote_clientid tp-bridge-${name}`,
    `local_clientid tp-bridge-${name}-local`,
    ...(options.username ? [`remote_username ${options.username}`] : []),
    ...(options.password ? [`remote_password ${options.password}`] : []),
    ...(secure ? ['bridge_capath /etc/ssl/certs'] : []),
    'bridge_protocol_version mqttv311',
    'cleansession false',
    'notifications false',
    'start_type automatic',
    `restart_timeout ${first} ${longest}`,
    ...options.branchIds.map((branchId) => `topic tp/v1/${branchId}/hub/+/summary out 1`),
    '',
  ].join('\n');
}
