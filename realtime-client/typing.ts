// Reports one's own typing to the room without flooding it: "typing" at most once every 3 s while
// keys are pressed (so the other side's indicator stays fresh), "stopped" after 4 s of quiet or
// when the message is sent. A switch between reply and private note is reported at once.

export class TypingReporter {
  private sentAt = 0;
  private isPrivate = false;
  private quiet: ReturnType<typeof setTimeout> | undefined;
  private readonly report: (on: boolean, isPrivate: boolean) => void;
  private readonly now: () => number;

  constructor(report: (on: boolean, isPrivate: boolean) => void, now: () => number = Date.now) {
    this.report = report;
    this.now = now;
  }

  update(on: boolean, isPrivate = false): void {
    clearTimeout(this.quiet);
    if (on) {
      const now = this.now();
      if (now - this.sentAt > 3000 || isPrivate !== this.isPrivate) {
        this.sentAt = now;
        this.isPrivate = isPrivate;
        this.report(true, isPrivate);
      }
      this.quiet = setTimeout(() => this.update(false), 4000);
    } else if (this.sentAt) {
      this.sentAt = 0;
      this.report(false, false);
    }
  }

  stop(): void {
    clearTimeout(this.quiet);
  }
}
