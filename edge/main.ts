/** `npm run edge -- --config FILE`: runs one edge node until SIGINT/SIGTERM. */
import { parseArgs } from 'node:util';
import { loadEdgeConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startEdgeNode } from './node.ts';

const log = createLogger();

try {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  if (!values.config) {
    process.stderr.write('usage: npm run edge -- --config FILE   (see README.md, "Running an edge node")\n');
    process.exit(2);
  }
  const config = loadEdgeConfig(values.config);
  const node = await startEdgeNode(config, log.child({ nodeId: config.nodeId }));
  log.info({ nodeId: config.nodeId, cameras: config.cameras.map((camera) => camera.id), broker: config.broker.url }, 'edge node running');
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ reason }, 'stopping');
    node.stop().then(() => process.exit(0), (error: unknown) => {
      log.error({ err: error }, 'stop failed');
      process.exit(1);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(signal));
  // Started by a hub (the demo): stop when the hub is gone, even if it was killed.
  if (process.send) process.on('disconnect', () => shutdown('parent process ended'));
} catch (error) {
  log.fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
