// Reports the visitor's typing to the room without flooding it: "typing" at most once every 3 s
// while keys are pressed, "stopped" after 4 s of quiet or when the message is sent.

export class TypingReporter {
  private sentAt = 0;
  private quiet: ReturnType<typeof setTimeout> | undefined;
  private readonly report: (on: boolean) => void;
  private readonly now: () => number;

  constructor(report: (on: boolean) => void, now: () => number = Date.now) {
    this.report = report;
    this.now = now;
  }

  update(on: boolean): void {
    clearTimeout(this.quiet);
    if (on) {
      const now = this.now();
      if (now - this.sentAt > 3000) {
        this.sentAt = now;
        this.report(true);
      }
      this.quiet = setTimeout(() => this.update(false), 4000);
    } else if (this.sentAt) {
      this.sentAt = 0;
      this.report(false);
    }
  }

  stop(): void {
    clearTimeout(this.quiet);
  }
}
