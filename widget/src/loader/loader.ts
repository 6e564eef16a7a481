// widget.js: the tiny loader a host page embeds with <script async src=".../widget.js"
// data-widget-key="pk_…">; the tag's other data- attributes (locale, the visitor's identity)
// configure it without any inline script, for pages with a strict CSP. It defines window.Parley (draining calls queued before it loaded),
// mounts a <parley-widget> custom element with a shadow root and a launcher, and imports the
// full widget on first open or when the browser is idle. No framework: it must stay under 2 KB gzip.
import {
  type CachedLook,
  ICON_PATH,
  type ParleyEvent,
  storageKey,
  type VisitorIdentity,
  type WidgetHandle,
  type WidgetModule,
} from '../contract.ts';
import css from './loader.css?inline';

/** Path of the content-hashed full widget, relative to the loader's URL; set at build time. */
declare const __PARLEY_APP__: string;

type Listener = (data: unknown) => void;
type Command = 'open' | 'close' | 'toggle' | 'identify' | 'setLocale' | 'update' | 'on' | 'off' | 'shutdown';
interface ParleyApi {
  (command: Command, ...args: unknown[]): void;
  /** Calls the stub snippet queued before this script ran. */
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
  [method: string]: unknown;
}
declare global {
  interface Window {
    Parley?: ParleyApi;
  }
}

const SVG = 'http://www.w3.org/2000/svg';

function start(script: HTMLScriptElement): void {
  const widgetKey = script.dataset.widgetKey;
  if (!widgetKey) {
    console.warn('Parley: the script tag needs data-widget-key');
    return;
  }
  const src = new URL(script.src, location.href);
  const listeners: Record<string, Listener[]> = {};
  // The hosted conversation page: that conversation, open, full page.
  const conversationId = script.dataset.conversation;
  let wantOpen = !!conversationId;
  // data-user-id + data-user-hash (host-verified), data-user-name / data-user-email (claims);
  // absent ones stay undefined, which JSON drops.
  const { userId, userHash: hash, userName: name, userEmail: email } = script.dataset;
  let locale = script.dataset.locale;
  let identity = userId || name || email ? ({ userId, hash, name, email } as VisitorIdentity) : undefined;
  let handle: WidgetHandle | undefined;
  // Parley('update', …) calls made before the full widget mounted, handed to it once it does.
  let updates: unknown[] = [];
  let loading: Promise<WidgetModule> | undefined;

  const emit = (event: ParleyEvent, data: unknown) => {
    for (const fn of listeners[event] ?? []) {
      try {
        fn(data);
      } catch (err) {
        console.error(err);
      }
    }
  };

  const load = () => {
    loading ??= import(/* @vite-ignore */ new URL(__PARLEY_APP__, src).href) as Promise<WidgetModule>;
    loading
      .then(() => {
        if (element.isConnected) return mount();
      })
      .catch((err: unknown) => {
        // A failed import (offline, blocked) may be retried by the next open.
        loading = undefined;
        console.warn('Parley: the widget could not load', err);
      });
  };

  const mount = async () => {
    const root = element.shadowRoot;
    if (handle || !root || !loading) return;
    const module = await loading;
    if (handle || !element.isConnected) return;
    handle = module.mount({
      root,
      widgetKey,
      apiBase: src.origin,
      open: wantOpen,
      locale,
      identity,
      emit,
      conversationId,
    });
    for (const data of updates) handle.update(data);
    updates = [];
  };

  const call = (command: Command, ...args: unknown[]) => {
    if (command === 'on' || command === 'off') {
      const [event, fn] = args as [string, Listener];
      const list = listeners[event] ?? [];
      listeners[event] = command === 'on' ? [...list, fn] : list.filter((l) => l !== fn);
    } else if (command === 'identify') {
      identity = args[0] as VisitorIdentity;
      handle?.identify(identity);
    } else if (command === 'update') {
      if (handle) handle.update(args[0]);
      else updates.push(args[0]);
    } else if (command === 'setLocale') {
      locale = String(args[0]);
      handle?.setLocale(locale);
    } else if (command === 'shutdown') {
      // Forget the visitor on this browser (the host's user logged out): the next session is new.
      handle?.unmount();
      handle = undefined;
      wantOpen = false;
      identity = undefined;
      localStorage.removeItem(storageKey(widgetKey, 'visitor'));
      if (element.isConnected && element.shadowRoot) {
        placeholder(element.shadowRoot);
        void mount();
      }
    } else if (handle) {
      handle[command as 'open' | 'close' | 'toggle']();
    } else if (command !== 'close') {
      wantOpen = command === 'open' || !wantOpen;
      load();
    } else wantOpen = false;
  };

  class ParleyElement extends HTMLElement {
    connectedCallback() {
      let root = this.shadowRoot;
      if (!root) {
        root = this.attachShadow({ mode: 'open' });
        if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          root.adoptedStyleSheets = [sheet];
        } else {
          // Browsers without constructable stylesheets: needs style-src 'unsafe-inline' under a CSP.
          const style = document.createElement('style');
          style.textContent = css;
          root.append(style);
        }
      }
      if (!handle) placeholder(root);
      if (loading) void mount();
    }
    disconnectedCallback() {
      handle?.unmount();
      handle = undefined;
    }
  }

  const placeholder = (root: ShadowRoot) => {
    let look: CachedLook = {};
    try {
      look = JSON.parse(localStorage.getItem(storageKey(widgetKey, 'look')) ?? '{}') as CachedLook;
    } catch {}
    root.querySelector('.pw')?.remove();
    const wrap = document.createElement('div');
    wrap.className = `pw ${look.position === 'left' ? 'left' : ''}`;
    if (look.color) wrap.style.setProperty('--pc', look.color);
    const button = document.createElement('button');
    button.className = 'launcher';
    button.setAttribute('aria-label', look.label ?? 'Chat');
    // Built node by node: no innerHTML, so a Trusted Types CSP on the host has nothing to object to.
    const svg = document.createElementNS(SVG, 'svg');
    const path = document.createElementNS(SVG, 'path');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    path.setAttribute('d', ICON_PATH);
    svg.append(path);
    button.append(svg);
    if (look.label) button.append(look.label);
    button.onclick = () => call('open');
    wrap.append(button);
    root.append(wrap);
  };

  const tag = customElements.get('parley-widget') ? `parley-widget-${Date.now().toString(36)}` : 'parley-widget';
  customElements.define(tag, ParleyElement);
  const element = document.createElement(tag);

  const queued = window.Parley?.q ?? [];
  const api = ((command: Command, ...args: unknown[]) => call(command, ...args)) as ParleyApi;
  for (const name of ['open', 'close', 'toggle', 'identify', 'setLocale', 'update', 'on', 'off', 'shutdown'] as const) {
    api[name] = (...args: unknown[]) => call(name, ...args);
  }
  api.loaded = true;
  window.Parley = api;
  for (const args of Array.from(queued)) call(...(Array.from(args) as [Command, ...unknown[]]));

  const attach = () => document.body.append(element);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
  // Load the full widget when the page is idle, so a first click opens at once.
  if (conversationId) load();
  else if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 4000 });
  else setTimeout(load, 1500);
}

// currentScript is null when a tag manager evaluates the code itself: find the tag by its key.
const current = document.currentScript ?? document.querySelector('script[data-widget-key]');
if (!window.Parley?.loaded && current instanceof HTMLScriptElement) start(current);
