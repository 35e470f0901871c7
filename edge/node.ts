/**
 * One edge node: the publisher (MQTT with its on-disk outbox), a pool of detection workers and a
 * capture + pipeline per camera (when it has cameras), and the kiosk telemetry server with its
 * analyzers (when it watches kiosks). Camera states and the inference backend go out as the node's
 * retained tp.edge.status; events go through the outbox.
 */
import type { EventData } from '../protocol/events.ts';
import type { CameraConfig, EdgeConfig } from './config.ts';
import { KioskTelemetry } from './kiosk-telemetry/service.ts';
import type { Logger } from './logger.ts';
import { Capture, type CaptureStatus } from './pipeline/capture.ts';
import { DetectorPool } from './pipeline/detect.ts';
import { EdgePublisher, STATUS_EVERY_MS, type OutboxEventType } from './pipeline/publish.ts';
import type { CameraState } from './pipeline/types.ts';
import { CameraPipeline, runFrames, type Publish } from './run-camera.ts';

export const EDGE_VERSION = '0.1.0';

export interface EdgeNode {
  /** Where this node's kiosks post their telemetry; null when it watches no kiosk. */
  readonly kioskTelemetryUrl: string | null;
  stop(): Promise<void>;
}

/** Faces are detected only when the branch switched expressions on and some zone asked for them. */
export function wantsFaces(config: EdgeConfig): boolean {
  return config.detection.expressions && config.cameras.some((camera) => camera.zones.some((zone) => zone.expressions));
}

export async function startEdgeNode(config: EdgeConfig, log: Logger): Promise<EdgeNode> {
  const { keepaliveS, reconnectMaxS, ...broker } = config.broker;
  const publisher = new EdgePublisher(
    {
      branchId: config.branchId, sourceId: config.nodeId, broker: { ...broker, password: broker.password! }, dataDir: config.dataDir, version: EDGE_VERSION,
      keepaliveS, reconnectMaxMs: reconnectMaxS * 1000,
    },
    { log },
  );
  await publisher.start();
  const kiosks = config.kiosks.length > 0
    ? new KioskTelemetry({ ...config, log, publish: (event) => publisher.publish(event.type, event.data).then(() => undefined) })
    : null;
  const faces = wantsFaces(config);
  // The models load only for a node with cameras: a kiosk-only node needs no inference.
  const detector = config.cameras.length > 0
    ? new DetectorPool({
      workers: config.detection.workers, persons: true, faces, expressions: faces, poses: config.detection.poses, minPersonScore: config.detection.minPersonScore, weakPersonScore: config.detection.weakPersonScore,
      log: log.child({ module: 'edge:detect' }),
    })
    : null;
  let backend: string | undefined;
  try {
    await kiosks?.start(); // first: a port already taken fails before the models take seconds to load
    backend = detector ? (await detector.start()).backend : undefined;
  } catch (error) {
    await kiosks?.stop();
    await publisher.stop();
    throw error;
  }
  if (detector) log.info({ backend, workers: config.detection.workers, expressions: faces, models: detector.loadedModels()[0] }, 'detectors ready');

  const cameraStates = new Map<string, { state: CameraState; status: CaptureStatus }>();
  const pipelines = new Map<string, CameraPipeline>();
  const reportStatus = () => {
    publisher.setStatus({
      version: EDGE_VERSION,
      ...(backend ? { backend } : {}),
      cameras: config.cameras.map((camera) => {
        const known = cameraStates.get(camera.id);
        return {
          cameraId: camera.id,
          state: known?.state ?? 'starting',
          ...(known?.status.fps !== undefined ? { fps: Math.round(known.status.fps * 10) / 10 } : {}),
          restarts: known?.status.restarts ?? 0,
          // Short, so a node with many failing cameras still fits its status in 4 KiB.
          ...(known?.status.error ? { error: known.status.error.slice(0, 120) } : {}),
          ...withCoverage(pipelines.get(camera.id)?.takeAffectCoverage() ?? null),
        };
      }),
    });
  };
  reportStatus();
  // Where faces are read, how many people could and could not be assessed goes out with each status.
  const coverageTimer = faces ? setInterval(reportStatus, STATUS_EVERY_MS) : null;
  coverageTimer?.unref();

  const publish: Publish = async (type, data) => {
    await publisher.publish(type as OutboxEventType, data as EventData<OutboxEventType>);
  };
  const captures: Capture[] = [];
  const loops = detector ? config.cameras.map((camera) => runCamera(camera, detector)) : [];

  function runCamera(camera: CameraConfig, detector: DetectorPool): Promise<void> {
    const cameraLog = log.child({ module: 'edge:camera', cameraId: camera.id });
    const capture = new Capture({
      cameraId: camera.id, source: camera.source, fps: camera.fps, width: camera.width, height: camera.height,
      loop: camera.loop, pace: 'realtime', log: cameraLog,
    });
    captures.push(capture);
    capture.onState((state, status) => {
      const previous = cameraStates.get(camera.id);
      cameraStates.set(camera.id, { state, status });
      // A new state, or news within one (corrupt input found or gone while 'ok'), goes out in the status.
      if (state !== previous?.state || (state === 'ok' && status.error !== previous.status.error)) {
        cameraLog[state === 'ok' && !status.error || state === 'starting' ? 'info' : 'warn']({ state, restarts: status.restarts, error: status.error }, 'camera state');
        reportStatus();
      }
    });
    const pipeline = new CameraPipeline({ camera, config, detector, depth: config.detection.workers, publish, log: cameraLog });
    pipelines.set(camera.id, pipeline);
    return runFrames(capture.frames(), pipeline, config.detection.workers).catch((error: unknown) => {
      cameraLog.error({ err: error }, 'camera loop failed');
    });
  }

  return {
    kioskTelemetryUrl: kiosks?.url ?? null,
    async stop() {
      if (coverageTimer) clearInterval(coverageTimer);
      await kiosks?.stop();
      await Promise.all(captures.map((capture) => capture.stop()));
      await Promise.all(loops);
      await detector?.stop();
      await publisher.stop();
    },
  };
}

function withCoverage(coverage: { assessed: number; notAssessable: number } | null): { expressions?: { assessed: number; notAssessable: number } } {
  return coverage ? { expressions: coverage } : {};
}
