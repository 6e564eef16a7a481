// Getting a visitor's attention while the widget is closed or the tab is in the background: a
// short beep synthesised with WebAudio (no audio file to download), played by one tab only, and a
// blinking "(n) New message" document title until the visitor comes back.

let audio: AudioContext | undefined;

/** Browsers only let audio start after a user gesture: the widget calls this on its first click. */
export function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
  } catch {
    // No WebAudio: silently no sound.
  }
}

export function beep(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state !== 'running') return;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    const now = audio.currentTime;
    osc.type = 'sine';
    osc.frequency.setValueAtTime(880, now);
    osc.frequency.setValueAtTime(660, now + 0.09);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.15, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start(now);
    osc.stop(now + 0.26);
  } catch {
    // Audio is a nicety; never let it break message handling.
  }
}

/**
 * Runs `fn` in only one of the visitor's tabs for a given message: a Web Lock makes the
 * check-and-mark of the last notified seq atomic across tabs.
 */
export function onceAcrossTabs(markerKey: string, seq: number, fn: () => void): void {
  const run = () => {
    try {
      if (Number(localStorage.getItem(markerKey) ?? 0) >= seq) return;
      localStorage.setItem(markerKey, String(seq));
    } catch {
      // Without storage each tab decides alone.
    }
    fn();
  };
  if (typeof navigator !== 'undefined' && navigator.locks) {
    void navigator.locks.request(markerKey, run).catch(() => undefined);
  } else run();
}

/** Alternates the page title with a notice until cleared; restores the host's own title. */
export function titleNotifier(doc: Document = document) {
  let timer: ReturnType<typeof setInterval> | undefined;
  let original = '';
  let notice = '';
  const clear = () => {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    // The host may have changed its title meanwhile; only undo what we wrote.
    if (doc.title === notice) doc.title = original;
  };
  return {
    show(text: string) {
      if (timer === undefined) original = doc.title;
      else if (doc.title !== notice) original = doc.title;
      clearInterval(timer);
      notice = text;
      doc.title = notice;
      timer = setInterval(() => {
        doc.title = doc.title === notice ? original : notice;
      }, 1500);
    },
    clear,
    get active() {
      return timer !== undefined;
    },
  };
}
