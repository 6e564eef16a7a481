// The product's own metrics, written to Workers Analytics Engine (the METRICS binding; one dataset
// per environment). One point per event worth counting, in one layout so every query reads alike:
//   index1  = the metric's name (Analytics Engine samples per index, so rare metrics survive)
//   blob1   = metric, blob2 = project id ('' when none), blob3 = label, blob4 = outcome
//   double1..double4 = the metric's numbers (see POINTS below and docs/OPERATIONS.md)
// Without the binding (unit tests, tools) every write is a no-op; a write never throws.

export type MetricPoint =
  /** A group commit: its size, how long the statement took, and the ack latency of its sends. */
  | { metric: 'commit'; projectId: string; messages: number; commitMs: number; ackMaxMs: number; ackSumMs: number }
  /** A Queue batch of outbox events: commit → consumed lag (max and sum over its events). */
  | { metric: 'queue_batch'; queue: string; events: number; lagMaxMs: number; lagSumMs: number; failed: number }
  /** A webhook attempt that failed (retrying, or given up). */
  | {
      metric: 'webhook_failure';
      projectId: string;
      failure: string;
      outcome: 'retrying' | 'failed';
      attempt: number;
      status: number;
    }
  /** A rate limit that refused, could not be checked (Upstash down) and so refused, or let through. */
  | { metric: 'rate_limit'; limit: string; outcome: 'refused' | 'unavailable' | 'failed_open' }
  /** An event moved to the dead-letter queue. */
  | { metric: 'dead_letter'; projectId: string; eventType: string };

export type MetricName = MetricPoint['metric'];

export interface DataPoint {
  indexes: string[];
  blobs: string[];
  doubles: number[];
}

/** What Analytics Engine's binding offers; tests pass a fake. */
export interface MetricsSink {
  writeDataPoint(point: DataPoint): void;
}

/** The point as written: the layout documented above. */
export function toDataPoint(point: MetricPoint): DataPoint {
  const row = (projectId: string, label: string, outcome: string, doubles: number[]): DataPoint => ({
    indexes: [point.metric],
    blobs: [point.metric, projectId, label, outcome],
    doubles: doubles.map((d) => (Number.isFinite(d) ? d : 0)),
  });
  switch (point.metric) {
    case 'commit':
      return row(point.projectId, '', '', [point.messages, point.commitMs, point.ackMaxMs, point.ackSumMs]);
    case 'queue_batch':
      return row('', point.queue, '', [point.events, point.lagMaxMs, point.lagSumMs, point.failed]);
    case 'webhook_failure':
      return row(point.projectId, point.failure, point.outcome, [1, point.attempt, point.status]);
    case 'rate_limit':
      return row('', point.limit, point.outcome, [1]);
    case 'dead_letter':
      return row(point.projectId, point.eventType, '', [1]);
  }
}

export class Metrics {
  readonly #sink: MetricsSink | undefined;
  constructor(sink?: MetricsSink) {
    this.#sink = sink;
  }

  write(point: MetricPoint): void {
    if (!this.#sink) return;
    try {
      this.#sink.writeDataPoint(toDataPoint(point));
    } catch {
      // Metrics never fail what they measure.
    }
  }
}

/** The environment's metrics: the METRICS binding when bound, else a no-op. */
export function metricsOf(env: { METRICS?: MetricsSink }): Metrics {
  return new Metrics(env.METRICS);
}
