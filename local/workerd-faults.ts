// Uncaught exceptions inside workerd (a throw in a timer or an event handler of a Worker or a
// Durable Object) never reach vitest as errors: workerd only logs them, and the pool prints the
// line. This reads that output and keeps each one, with its stack, so the test run can fail on it
// (test/workerd-faults.ts). Unhandled rejections do reach vitest and fail the run on their own.
import { stripVTControlCharacters } from 'node:util';

/** How workerd begins the line it logs for an uncaught exception. */
const FAULT = /^uncaught exception; source = /;
/** workerd's second line for the same exception (its C++ view): already counted. */
const ECHO = /^uncaught exception; exception = /;
/** Lines of the stack that follow the first line. */
const STACK = /^\s+at /;
const MAX_STACK_LINES = 12;

export class FaultLog {
  private readonly faults: string[] = [];
  private partial = '';
  private inFault = false;

  /** Every fault seen so far, oldest first: its first line and stack. */
  get all(): readonly string[] {
    return this.faults;
  }

  /** Takes output as it is written (chunks need not end at line breaks). */
  feed(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const raw of lines) this.line(stripVTControlCharacters(raw).replace(/\r$/, ''));
  }

  private line(line: string): void {
    if (FAULT.test(line)) {
      this.faults.push(line);
      this.inFault = true;
      return;
    }
    const last = this.faults.length - 1;
    const current = this.faults[last];
    if (this.inFault && current !== undefined && STACK.test(line)) {
      if (current.split('\n').length <= MAX_STACK_LINES) this.faults[last] = `${current}\n${line}`;
      return;
    }
    if (!ECHO.test(line)) this.inFault = false;
  }
}

type Write = typeof process.stderr.write;

/** Copies everything written to `stream` into `log`; returns the undo. */
export function tapStream(stream: NodeJS.WriteStream, log: FaultLog): () => void {
  const original: Write = stream.write;
  const tapped = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string') log.feed(chunk);
    else if (chunk instanceof Uint8Array) log.feed(Buffer.from(chunk).toString('utf8'));
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  stream.write = tapped as Write;
  return () => {
    if (stream.write === (tapped as Write)) stream.write = original;
  };
}
