import { describe, expect, it } from 'vitest';
import { describeChange, readDiff } from './diff.ts';

describe('audit diffs in the log', () => {
  it('reads each change as field: before → after', () => {
    const diff = readDiff({
      fields: 'widgetSettings',
      diff: JSON.stringify([
        { field: 'widgetSettings.color', from: '#2563eb', to: '#059669' },
        { field: 'widgetSettings.preChatForm', from: null, to: true },
      ]),
    });
    expect(diff?.map(describeChange)).toEqual([
      'widgetSettings.color: #2563eb → #059669',
      'widgetSettings.preChatForm: (none) → true',
    ]);
  });

  it('is no diff when absent or unreadable', () => {
    expect(readDiff({ fields: 'name' })).toBeNull();
    expect(readDiff({ diff: '{not json' })).toBeNull();
    expect(readDiff({ diff: '[{"nope":1}]' })).toBeNull();
  });
});
