/**
 * Loaded into the soak's hub process (`node --expose-gc --import tsx --import bench/soak-gc.ts
 * hub/main.ts`) and nothing else: SIGUSR2 runs a full garbage collection, so the bench can read
 * the heap that survives one (the retained heap) from /metrics, at moments of its choosing.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('bench/soak-gc.ts needs node --expose-gc');
process.on('SIGUSR2', () => collect());

export {};
