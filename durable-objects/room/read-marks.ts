// Read marks waiting to be written to Postgres, one per reader, in the room's storage (so an
// eviction before the flush loses none). The alarm flushes them; reads never write per event.
import type { ReadMark } from '../../core/conversations/changes.ts';

const KEY = 'reads';
const keyOf = (m: Pick<ReadMark, 'kind' | 'readerId'>) => `${m.kind}:${m.readerId}`;

export class PendingReads {
  private readonly kv: SyncKvStorage;

  constructor(kv: SyncKvStorage) {
    this.kv = kv;
  }

  private load(): Record<string, ReadMark> {
    return this.kv.get<Record<string, ReadMark>>(KEY) ?? {};
  }

  /** Records a mark if it moves its reader forward; true when it did. */
  add(mark: ReadMark): boolean {
    const pending = this.load();
    if ((pending[keyOf(mark)]?.seq ?? 0) >= mark.seq) return false;
    pending[keyOf(mark)] = mark;
    this.kv.put(KEY, pending);
    return true;
  }

  all(): ReadMark[] {
    return Object.values(this.load());
  }

  /** Forgets the flushed marks, keeping any that moved further while the flush ran. */
  flushed(marks: readonly ReadMark[]): void {
    const pending = this.load();
    for (const m of marks) {
      const current = pending[keyOf(m)];
      if (current && current.seq <= m.seq) delete pending[keyOf(m)];
    }
    this.kv.put(KEY, pending);
  }
}
