// Records what a scenario sent, what was acknowledged and what every receiver got, then checks
// the message path's promises: every acknowledged message delivered to every other participant,
// once, in seq order, with the seq its sender was acknowledged; seqs gapless per conversation.
import type { AckInfo, Delivery } from '../drivers/types.ts';

interface Sent {
  at: number;
  conversationId: string;
  sender: string;
}

interface Receiver {
  conversationId: string;
  lastSeq: number;
  seqs: Set<number>;
  duplicates: number;
  orderViolations: number;
}

export interface DeliveryCheck {
  sent: number;
  acked: number;
  /** Deliveries owed: each acknowledged message × every other receiver in its conversation. */
  expected: number;
  /** Distinct (receiver, seq) pairs that arrived, of those owed. */
  delivered: number;
  missing: number;
  duplicates: number;
  orderViolations: number;
  /** A delivery whose seq differs from the one its sender was acknowledged with. */
  seqMismatches: number;
  /** Per conversation: acknowledged seqs that skip a number (they must be 1, 2, 3…). */
  seqGaps: number;
  /** Acks for a clientId that was already acknowledged. */
  duplicateAcks: number;
  errors: Record<string, number>;
}

export class DeliveryRecorder {
  readonly #sent = new Map<string, Sent>();
  readonly #acked = new Map<string, number>();
  readonly #receivers = new Map<string, Receiver>();
  /** Receiver keys per conversation. */
  readonly #members = new Map<string, string[]>();
  readonly #errors = new Map<string, number>();
  #duplicateAcks = 0;
  #seqMismatches = 0;
  /** Send → delivery at every other receiver, ms. */
  readonly deliverLatency: number[] = [];
  /** Send → ack at the sender, ms. */
  readonly ackLatency: number[] = [];
  /** First send and last first-time ack (performance.now()), for sustained rates. */
  firstSentAt = Number.POSITIVE_INFINITY;
  lastAckAt = 0;

  /** A receiver's key must be unique per socket; senders are receivers too. */
  addReceiver(key: string, conversationId: string): void {
    this.#receivers.set(key, { conversationId, lastSeq: 0, seqs: new Set(), duplicates: 0, orderViolations: 0 });
    const list = this.#members.get(conversationId) ?? [];
    list.push(key);
    this.#members.set(conversationId, list);
  }

  sent(clientId: string, conversationId: string, senderKey: string, at: number): void {
    // A retry keeps the first send time: latency counts from the first attempt.
    if (!this.#sent.has(clientId)) this.#sent.set(clientId, { at, conversationId, sender: senderKey });
    this.firstSentAt = Math.min(this.firstSentAt, at);
  }

  ack(ack: AckInfo, at: number): void {
    const first = this.#sent.get(ack.clientId);
    if (this.#acked.has(ack.clientId)) {
      this.#duplicateAcks++;
      if (this.#acked.get(ack.clientId) !== ack.seq) this.#seqMismatches++;
      return;
    }
    this.#acked.set(ack.clientId, ack.seq);
    this.lastAckAt = Math.max(this.lastAckAt, at);
    if (first) this.ackLatency.push(at - first.at);
  }

  error(code: string): void {
    this.#errors.set(code, (this.#errors.get(code) ?? 0) + 1);
  }

  isAcked(clientId: string): boolean {
    return this.#acked.has(clientId);
  }

  get ackedCount(): number {
    return this.#acked.size;
  }

  /** Acknowledged messages per second, from the first send to the last ack. */
  get ackedPerSecond(): number {
    const span = (this.lastAckAt - this.firstSentAt) / 1000;
    return span > 0 ? this.#acked.size / span : Number.NaN;
  }

  delivered(receiverKey: string, d: Delivery, at: number): void {
    const r = this.#receivers.get(receiverKey);
    if (!r) return;
    const sent = d.clientId ? this.#sent.get(d.clientId) : undefined;
    // A socket that gets its own message back (an echo) is not a receiver of it.
    if (sent && sent.sender === receiverKey) return;
    if (r.seqs.has(d.seq)) {
      r.duplicates++;
      return;
    }
    if (d.seq <= r.lastSeq) r.orderViolations++;
    r.lastSeq = Math.max(r.lastSeq, d.seq);
    r.seqs.add(d.seq);
    if (sent) this.deliverLatency.push(at - sent.at);
    if (d.clientId) {
      const acked = this.#acked.get(d.clientId);
      if (acked !== undefined && acked !== d.seq) this.#seqMismatches++;
    }
  }

  check(): DeliveryCheck {
    let expected = 0;
    let delivered = 0;
    let duplicates = 0;
    let orderViolations = 0;
    const ackedByConversation = new Map<string, { seq: number; sender: string }[]>();
    for (const [clientId, seq] of this.#acked) {
      const sent = this.#sent.get(clientId);
      if (!sent) continue;
      const list = ackedByConversation.get(sent.conversationId) ?? [];
      list.push({ seq, sender: sent.sender });
      ackedByConversation.set(sent.conversationId, list);
    }
    let seqGaps = 0;
    for (const [conversationId, acked] of ackedByConversation) {
      const seqs = [...new Set(acked.map((a) => a.seq))].sort((a, b) => a - b);
      const first = seqs[0] ?? 1;
      seqGaps += (seqs[seqs.length - 1] ?? 0) - first + 1 - seqs.length;
      for (const key of this.#members.get(conversationId) ?? []) {
        const r = this.#receivers.get(key);
        if (!r) continue;
        for (const a of acked) {
          if (a.sender === key) continue;
          expected++;
          if (r.seqs.has(a.seq)) delivered++;
        }
      }
    }
    for (const r of this.#receivers.values()) {
      duplicates += r.duplicates;
      orderViolations += r.orderViolations;
    }
    return {
      sent: this.#sent.size,
      acked: this.#acked.size,
      expected,
      delivered,
      missing: expected - delivered,
      duplicates,
      orderViolations,
      seqMismatches: this.#seqMismatches,
      seqGaps,
      duplicateAcks: this.#duplicateAcks,
      errors: Object.fromEntries(this.#errors),
    };
  }
}
