// Token buckets in memory, cheap enough to run on every frame: one per sender for messages, one per
// socket for other frames. They are reset when the DO hibernates, which only forgives an idle
// client — a flood keeps the object awake.
export interface BucketConfig {
  /** Tokens the bucket holds (the burst). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function newBucket(config: BucketConfig, now: number): Bucket {
  return { tokens: config.capacity, updatedAt: now };
}

/** Takes one token; returns 0 when allowed, else the milliseconds until a token is available. */
export function take(bucket: Bucket, config: BucketConfig, now: number): number {
  const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
  bucket.tokens = Math.min(config.capacity, bucket.tokens + elapsed * config.refillPerSecond);
  bucket.updatedAt = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.ceil(((1 - bucket.tokens) / config.refillPerSecond) * 1000);
}

/** Senders the room keeps buckets for before it forgets those whose bucket has refilled. */
const SENDERS_KEPT = 256;

/**
 * The room's buckets, in memory: `send` per sender (a participant, across their sockets and their
 * REST sends: one visitor cannot multiply their rate by opening tabs or calling the API), and every
 * other frame per socket.
 */
export class FrameLimiter {
  private readonly frames = new WeakMap<object, Bucket>();
  private readonly sends = new Map<string, Bucket>();
  private readonly config: () => { send: BucketConfig; frames: BucketConfig };

  /** `config` is read on every frame, so retuned limits apply at once. */
  constructor(config: () => { send: BucketConfig; frames: BucketConfig }) {
    this.config = config;
  }

  /** Takes a token for one non-send frame of `socket`: 0 to go ahead, else the milliseconds to wait. */
  frame(socket: object, now: number): number {
    const config = this.config().frames;
    let bucket = this.frames.get(socket);
    if (!bucket) {
      bucket = newBucket(config, now);
      this.frames.set(socket, bucket);
    }
    return take(bucket, config, now);
  }

  /** Takes a token for one message from `sender` (socket or REST alike): 0, else the milliseconds to wait. */
  send(sender: string, now: number): number {
    const config = this.config().send;
    let bucket = this.sends.get(sender);
    if (!bucket) {
      if (this.sends.size >= SENDERS_KEPT) this.forgetRefilled(config, now);
      bucket = newBucket(config, now);
      this.sends.set(sender, bucket);
    }
    return take(bucket, config, now);
  }

  /** A full bucket is what a new sender gets anyway: dropping it forgives nothing. */
  private forgetRefilled(config: BucketConfig, now: number): void {
    for (const [sender, bucket] of this.sends) {
      const tokens = bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * config.refillPerSecond;
      if (tokens >= config.capacity) this.sends.delete(sender);
    }
  }
}
