/** `npm run train -- <model> [flags]`: one trainer per model that is trained here rather than installed. */
import { KB_TRAINING_USAGE, runKbTraining, UsageError } from './kb-intent/train-cli.ts';

const TRAINERS: Record<string, { usage: string; run: (args: string[]) => Promise<void> }> = {
  kb: { usage: KB_TRAINING_USAGE, run: runKbTraining },
};

const usage = () => `usage:\n${Object.values(TRAINERS).map((trainer) => `  ${trainer.usage}`).join('\n')}\n`;
const [name, ...args] = process.argv.slice(2);
const trainer = name ? TRAINERS[name] : undefined;
if (!trainer) {
  process.stderr.write(`${name ? `unknown model ${JSON.stringify(name)}\n` : ''}${usage()}`);
  process.exit(2);
}
try {
  await trainer.run(args);
} catch (error) {
  process.stderr.write(`train ${name}: ${(error as Error).message}\n${error instanceof UsageError ? usage() : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
