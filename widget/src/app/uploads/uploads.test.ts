// The visitor's uploads before any byte leaves: files outside the project's limits are refused
// with the reason, an upload cancelled while its conversation opens is dropped, and a refused
// opening shows the server's reason.
import { describe, expect, it } from 'vitest';
import type { WidgetController } from '../client/controller.ts';
import { uploadsOf } from './uploads.tsx';

const limits = { maxBytes: 1024 * 1024, types: ['image/png', 'application/pdf'] };

function fakeController(uploadTarget: () => Promise<{ conversationId: string; token: string }>) {
  return {
    state: { attachments: limits, locale: 'en' },
    apiBase: 'http://parley.test',
    uploadTarget,
  } as unknown as WidgetController;
}

const file = (name: string, type: string, size: number) => new File([new Uint8Array(size)], name, { type });

describe('widget uploads', () => {
  it('refuses a type or a size outside the limits before uploading, saying why', () => {
    let asked = 0;
    const store = uploadsOf(
      fakeController(() => {
        asked++;
        return new Promise(() => {});
      }),
    );
    store.add([file('tool.exe', 'application/x-msdownload', 10), file('huge.png', 'image/png', 2 * 1024 * 1024)]);
    expect(store.items.map((i) => i.error)).toEqual([
      '“tool.exe” can’t be sent here. Accepted: PNG, PDF.',
      '“huge.png” is 2 MB: files can be up to 1 MB here.',
    ]);
    expect(asked).toBe(0);
    store.remove(store.items[0]?.id ?? '');
    expect(store.items).toHaveLength(1);
  });

  it('drops an upload cancelled while its conversation opens, and shows why an opening failed', async () => {
    let open: (value: { conversationId: string; token: string }) => void = () => {};
    const store = uploadsOf(fakeController(() => new Promise((resolve) => (open = resolve))));
    store.add([file('a.png', 'image/png', 10)]);
    expect(store.items).toMatchObject([{ name: 'a.png', progress: 0 }]);
    store.items[0]?.cancel?.();
    expect(store.items).toEqual([]);
    open({ conversationId: 'c1', token: 't' });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.items).toEqual([]);

    const failure = Object.assign(new Error('Only verified visitors can start a conversation'), { code: 'forbidden' });
    const refused = uploadsOf(fakeController(() => Promise.reject(failure)));
    refused.add([file('b.pdf', 'application/pdf', 10)]);
    await new Promise((r) => setTimeout(r, 0));
    expect(refused.items.map((i) => i.error)).toEqual([
      '“b.pdf” was not sent: Only verified visitors can start a conversation',
    ]);
  });
});
