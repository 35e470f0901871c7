/**
 * `npm run eval -- kb [flags]`: the kiosk's self-help search on labelled questions
 * (hub/kb/kb-eval-cli.ts). Anything else goes, arguments unchanged, to the edge's video
 * evaluations (edge/eval.ts: `--video`, `--events`). Each loads only its own modules.
 */
import process from 'node:process';

const args = process.argv.slice(2);
if (args[0] === 'kb') {
  const { KB_EVAL_USAGE, runKbEval, UsageError } = await import('../hub/kb/kb-eval-cli.ts');
  try {
    await runKbEval(args.slice(1));
  } catch (error) {
    process.stderr.write(`eval kb: ${(error as Error).message}\n${error instanceof UsageError ? `usage: ${KB_EVAL_USAGE}\n` : ''}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
} else {
  const { main } = await import('../edge/eval.ts');
  try {
    await main(args);
  } catch (error) {
    process.stderr.write(`eval failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
