// A token bucket per socket, in memory: cheap enough to run on every frame. It is reset when the
// DO hibernates, which only forgives an idle client — a flood keeps the object awake.
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

/** Each socket's two buckets, `send` frames and every other frame; in memory, per instance. */
export class FrameLimiter {
  private readonly buckets = new WeakMap<object, { send: Bucket; frames: Bucket }>();
  private readonly config: () => { send: BucketConfig; frames: BucketConfig };

  /** `config` is read on every frame, so retuned limits apply at once. */
  constructor(config: () => { send: BucketConfig; frames: BucketConfig }) {
    this.config = config;
  }

  /** Takes a token for one frame of `socket`: 0 to go ahead, else the milliseconds to wait. */
  take(socket: object, isSend: boolean, now: number): number {
    const config = this.config();
    let b = this.buckets.get(socket);
    if (!b) {
      b = { send: newBucket(config.send, now), frames: newBucket(config.frames, now) };
      this.buckets.set(socket, b);
    }
    return isSend ? take(b.send, config.send, now) : take(b.frames, config.frames, now);
  }
}
