// Attachments from the visitor, loaded on first use (../use-uploads.ts): each file is checked
// against the project's limits before anything is sent (and refused with a clear message), then
// uploaded with progress and a cancel button; the message itself arrives through the room like
// any other. Also the lightbox for images in the conversation.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { refusal } from '../../../../contract/attachment-check.ts';
import { adoptSheet } from '../adopt-sheet.ts';
import type { WidgetController } from '../client/controller.ts';
import type { Locale } from '../i18n.ts';
import { say } from './strings.ts';
import { sendFile } from './upload-request.ts';
import css from './uploads.css?inline';

export interface UploadItem {
  id: string;
  name: string;
  /** 0–1 while uploading. */
  progress: number;
  /** Set when the file was refused (before upload, or by the server). */
  error?: string;
  cancel?: () => void;
}

const newId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

class Uploads {
  items: UploadItem[] = [];
  image: { url: string; name: string } | null = null;
  private readonly listeners = new Set<() => void>();

  private readonly controller: WidgetController;

  constructor(controller: WidgetController) {
    this.controller = controller;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  private put(item: UploadItem): void {
    const at = this.items.findIndex((i) => i.id === item.id);
    this.items = at < 0 ? [...this.items, item] : this.items.map((i) => (i.id === item.id ? item : i));
    this.changed();
  }

  remove(id: string): void {
    this.items = this.items.filter((i) => i.id !== id);
    this.changed();
  }

  view(image: { url: string; name: string } | null): void {
    this.image = image;
    this.changed();
  }

  add(files: File[]): void {
    const { attachments: limits, locale } = this.controller.state;
    if (!limits) return;
    for (const file of files) {
      const name = file.name || 'file';
      const id = newId();
      const refused = refusal(file, limits);
      if (refused) {
        const error = say(locale, refused.reason === 'too_large' ? 'tooLarge' : 'badType', { name, ...refused });
        this.put({ id, name, progress: 0, error });
      } else void this.upload(id, file, locale);
    }
  }

  private async upload(id: string, file: File, locale: Locale): Promise<void> {
    const name = file.name || 'file';
    let cancelled = false;
    this.put({
      id,
      name,
      progress: 0,
      cancel: () => {
        cancelled = true;
        this.remove(id);
      },
    });
    const fail = (reason: string) =>
      this.put({ id, name, progress: 0, error: say(locale, 'failed', { name, reason }) });
    let target: { conversationId: string; token: string };
    try {
      target = await this.controller.uploadTarget();
    } catch (err) {
      // The conversation could not be opened: the server's reason, else the connection's.
      fail((err instanceof Error && 'code' in err && err.message) || say(locale, 'network'));
      return;
    }
    if (cancelled) return;
    const url = `${this.controller.apiBase}/api/widget/conversations/${encodeURIComponent(target.conversationId)}/attachments`;
    const request = sendFile(url, target.token, file, id, (progress) => {
      const item = this.items.find((i) => i.id === id);
      if (item && !item.error) this.put({ ...item, progress });
    });
    this.put({ id, name, progress: 0, cancel: request.abort });
    const result = await request.done;
    if (result.ok || result.aborted) this.remove(id);
    else fail(result.message || say(locale, 'network'));
  }
}

const stores = new WeakMap<WidgetController, Uploads>();

export function uploadsOf(controller: WidgetController): Uploads {
  let store = stores.get(controller);
  if (!store) {
    store = new Uploads(controller);
    stores.set(controller, store);
  }
  return store;
}

/** This module's styles join the widget's shadow root once it is used. */
function adoptStyles(node: Node | null): void {
  const root = node?.getRootNode();
  if (root instanceof ShadowRoot) adoptSheet(root, 'uploads', css);
}

function useStore(store: Uploads): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    const unsubscribe = store.subscribe(update);
    // Files added between the first render and this subscription (the same tick the module loaded).
    update();
    return unsubscribe;
  }, [store]);
}

/** The uploads in flight (above the composer) and the lightbox (over the panel). */
export function UploadLayer({ controller, locale }: { controller: WidgetController; locale: Locale }) {
  const store = uploadsOf(controller);
  useStore(store);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => adoptStyles(ref.current), []);
  return (
    <div ref={ref} class="upload-layer">
      {store.items.length ? (
        <ul class="uploads">
          {store.items.map((item) =>
            item.error ? (
              <li key={item.id} class="upload failed" role="alert">
                <span class="composer-error">{item.error}</span>
                <button
                  type="button"
                  class="upload-x"
                  aria-label={say(locale, 'dismiss')}
                  onClick={() => store.remove(item.id)}
                >
                  ×
                </button>
              </li>
            ) : (
              <li key={item.id} class="upload">
                <span class="upload-name">{item.name}</span>
                <progress max={1} value={item.progress} aria-label={say(locale, 'uploading', { name: item.name })} />
                <button
                  type="button"
                  class="upload-x"
                  aria-label={say(locale, 'cancel', { name: item.name })}
                  onClick={() => item.cancel?.()}
                >
                  ×
                </button>
              </li>
            ),
          )}
        </ul>
      ) : null}
      {store.image ? <Lightbox image={store.image} locale={locale} onClose={() => store.view(null)} /> : null}
    </div>
  );
}

function Lightbox({
  image,
  locale,
  onClose,
}: {
  image: { url: string; name: string };
  locale: Locale;
  onClose(): void;
}) {
  const close = useRef<HTMLButtonElement>(null);
  const closeNow = useRef(onClose);
  closeNow.current = onClose;
  // Before the next paint (not after it, as useEffect would): focus moves into the lightbox, and
  // Escape closes it wherever focus is — a key pressed in the first frame after the thumbnail's
  // click would otherwise reach the panel (focus still on the thumbnail) and close the whole chat.
  useLayoutEffect(() => {
    const root = close.current?.getRootNode() as ShadowRoot | undefined;
    const before = root?.activeElement as HTMLElement | null | undefined;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // The lightbox closes, not the whole panel.
      e.stopPropagation();
      closeNow.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      before?.focus();
    };
  }, []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard's way out (Escape) is the window listener above
    <div
      class="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label={image.name}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <img src={image.url} alt={image.name} />
      <div class="lightbox-bar">
        <a href={image.url} target="_blank" rel="noopener noreferrer nofollow">
          {say(locale, 'openOriginal')}
        </a>
        <button type="button" ref={close} class="upload-x" aria-label={say(locale, 'closeImage')} onClick={onClose}>
          ×
        </button>
      </div>
    </div>
  );
}
