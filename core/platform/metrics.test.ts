import { describe, expect, it } from 'vitest';
import { type DataPoint, type MetricPoint, Metrics, metricsOf, toDataPoint } from './metrics.ts';

const projectId = '6f1c2a3b-0000-4000-8000-000000000001';

/** A fake Analytics Engine dataset that keeps what it is given. */
function fakeDataset() {
  const points: DataPoint[] = [];
  return { points, writeDataPoint: (p: DataPoint) => void points.push(p) };
}

describe('metric points', () => {
  it('have the documented layout: index = metric, blobs = metric, project, label, outcome', () => {
    const cases: [MetricPoint, DataPoint][] = [
      [
        { metric: 'commit', projectId, messages: 3, commitMs: 12, ackMaxMs: 40, ackSumMs: 90 },
        { indexes: ['commit'], blobs: ['commit', projectId, '', ''], doubles: [3, 12, 40, 90] },
      ],
      [
        { metric: 'queue_batch', queue: 'parley-events', events: 5, lagMaxMs: 800, lagSumMs: 2000, failed: 1 },
        { indexes: ['queue_batch'], blobs: ['queue_batch', '', 'parley-events', ''], doubles: [5, 800, 2000, 1] },
      ],
      [
        { metric: 'webhook_failure', projectId, failure: 'http_5xx', outcome: 'retrying', attempt: 2, status: 502 },
        {
          indexes: ['webhook_failure'],
          blobs: ['webhook_failure', projectId, 'http_5xx', 'retrying'],
          doubles: [1, 2, 502],
        },
      ],
      [
        { metric: 'rate_limit', limit: 'login_ip', outcome: 'refused' },
        { indexes: ['rate_limit'], blobs: ['rate_limit', '', 'login_ip', 'refused'], doubles: [1] },
      ],
      [
        { metric: 'dead_letter', projectId, eventType: 'message.created' },
        { indexes: ['dead_letter'], blobs: ['dead_letter', projectId, 'message.created', ''], doubles: [1] },
      ],
    ];
    for (const [point, expected] of cases) expect(toDataPoint(point)).toEqual(expected);
  });

  it('never carry a non-finite number (Analytics Engine would refuse the point)', () => {
    const point = toDataPoint({
      metric: 'commit',
      projectId,
      messages: 1,
      commitMs: Number.NaN,
      ackMaxMs: 1,
      ackSumMs: 1,
    });
    expect(point.doubles).toEqual([1, 0, 1, 1]);
  });

  it('are written to the dataset when bound, and dropped without a binding or when the write throws', () => {
    const dataset = fakeDataset();
    metricsOf({ METRICS: dataset }).write({ metric: 'rate_limit', limit: 'signup_ip', outcome: 'unavailable' });
    expect(dataset.points).toHaveLength(1);
    expect(() => metricsOf({}).write({ metric: 'dead_letter', projectId, eventType: 'x.y' })).not.toThrow();
    const broken = new Metrics({
      writeDataPoint: () => {
        throw new Error('limit reached');
      },
    });
    expect(() => broken.write({ metric: 'dead_letter', projectId, eventType: 'x.y' })).not.toThrow();
  });
});
