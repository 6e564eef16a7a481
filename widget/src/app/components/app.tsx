// The widget's root component: launcher, panel and the ARIA live region, themed from the project's
// settings (colour; light, dark or the visitor's scheme); owns focus (into the panel on open, back to the launcher on close, trapped while the
// panel covers a small screen) and Escape to close.
import { useEffect, useRef, useState } from 'preact/hooks';
import { unreadCount } from '../client/chat-state.ts';
import type { WidgetController } from '../client/controller.ts';
import { type Dictionary, translate } from '../i18n.ts';
import { accentOn, brandColor, isDark, SURFACE, textOn } from '../theme.ts';
import { Launcher } from './launcher.tsx';
import { Panel } from './panel.tsx';
import { useWidget } from './use-widget.ts';

const SMALL_SCREEN = '(max-width: 480px)';
const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), textarea:not([disabled]), [tabindex="0"]';

function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

export function App({ controller }: { controller: WidgetController }) {
  const state = useWidget(controller);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const firstFieldRef = useRef<HTMLInputElement>(null);
  const wasOpen = useRef(state.open);
  const fullScreen = useMedia(SMALL_SCREEN);
  const dark = isDark(state.settings.theme, useMedia('(prefers-color-scheme: dark)'));
  const t = (key: keyof Dictionary, vars?: Record<string, string | number>) => translate(state.locale, key, vars);
  const color = brandColor(state.settings.color);

  useEffect(() => {
    if (state.open === wasOpen.current) return;
    wasOpen.current = state.open;
    if (state.open) (inputRef.current ?? firstFieldRef.current ?? panelRef.current)?.focus();
    else {
      // Give focus back where the visitor was when it was inside the widget.
      const root = launcherRef.current?.getRootNode() as ShadowRoot | undefined;
      if (root?.activeElement || !document.activeElement || document.activeElement === document.body) {
        launcherRef.current?.focus();
      }
    }
  }, [state.open]);

  const onPanelKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      controller.close();
      launcherRef.current?.focus();
      return;
    }
    // Full screen, the panel is modal: Tab cycles inside it.
    if (event.key !== 'Tab' || !fullScreen || !panelRef.current) return;
    const items = Array.from(panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = items[0];
    const last = items.at(-1);
    const active = (panelRef.current.getRootNode() as ShadowRoot).activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  if (state.phase === 'disabled') return null;
  return (
    <div
      class={`pw ${state.settings.position === 'left' ? 'left' : 'right'}${fullScreen || controller.page ? ' full' : ''}${controller.page ? ' page' : ''}${dark ? ' dark' : ''}`}
      style={{ '--pc': color, '--pt': textOn(color), '--pa': accentOn(color, dark ? SURFACE.dark : SURFACE.light) }}
      lang={state.locale}
    >
      <Panel
        state={state}
        controller={controller}
        t={t}
        panelRef={panelRef}
        inputRef={inputRef}
        firstFieldRef={firstFieldRef}
        onClose={() => controller.close()}
        onKeyDown={onPanelKeyDown}
      />
      {(fullScreen && state.open) || controller.page ? null : (
        <Launcher
          open={state.open}
          label={state.settings.launcherLabel}
          unread={unreadCount(state.chat)}
          openLabel={t('open')}
          closeLabel={t('close')}
          onToggle={() => controller.toggle()}
          buttonRef={launcherRef}
        />
      )}
      <div class="sr-only" aria-live="polite" aria-atomic="true">
        {state.announcement}
      </div>
    </div>
  );
}
