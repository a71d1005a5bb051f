// Process entry: wires Ctrl-C (first: stop waiting and print how to resume; second: exit at once) and exits with main's code.
import { main } from './main.ts';
import { processIo } from './io.ts';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\nInterrupted: stopping the wait (jobs keep running). Press Ctrl-C again to exit at once.\n');
  controller.abort();
});

const code = await main(process.argv.slice(2), processIo(controller.signal));
process.exitCode = code;
