// What the loader (widget.js) and the full widget agree on: the page-facing API's commands and
// events, the mount call the loader makes once the full widget has been imported, and the few
// constants both draw on.

/** A host-verified identity (HMAC computed server-side) or a plain name/email from the host page. */
export interface VisitorIdentity {
  userId?: string;
  name?: string;
  email?: string;
  /** HMAC-SHA256 of userId with the project's identity secret, computed by the host's server. */
  hash?: string;
}

export type ParleyEvent = 'ready' | 'open' | 'close' | 'message' | 'unread';

export interface ParleyEventData {
  ready: undefined;
  open: undefined;
  close: undefined;
  message: { seq: number; body: string; author: { kind: string; name?: string } };
  unread: { count: number };
}

/** Look the loader caches from the last visit so its launcher matches the full widget's. */
export interface CachedLook {
  color?: string;
  position?: 'left' | 'right';
  label?: string;
}

export interface MountOptions {
  root: ShadowRoot;
  widgetKey: string;
  /** Origin of the Parley deployment the loader came from, e.g. https://chat.example.com. */
  apiBase: string;
  open: boolean;
  locale?: string;
  identity?: VisitorIdentity;
  /** The hosted conversation page (`data-conversation`): this conversation, full page, always open. */
  conversationId?: string | undefined;
  emit<E extends ParleyEvent>(event: E, data: ParleyEventData[E]): void;
}

export interface WidgetHandle {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: VisitorIdentity): void;
  setLocale(locale: string): void;
  /** `Parley('update', { attributes })`: the contact's attribute values; refusals are logged with console.error. */
  update(data: unknown): void;
  unmount(): void;
}

export interface WidgetModule {
  mount(options: MountOptions): WidgetHandle;
}

export const storageKey = (widgetKey: string, what: string) => `parley:${widgetKey}:${what}`;

/** The chat bubble of both launchers (the loader's placeholder and the full widget's). */
export const ICON_PATH = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
