// The first-load side of the panel's rarely needed views (rare-views.tsx): each wrapper renders
// nothing until the chunk has arrived, then the view with its styles (a <style> beside it). The chunk is fetched when a
// wrapper first mounts, or earlier with preloadViews() (the panel calls it as soon as the session
// says away, so the email ask is there at first paint or a moment after).
import type { ComponentProps } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type * as Views from './rare-views.tsx';

type Module = typeof Views;
let loading: Promise<Module> | null = null;
let loaded: Module | null = null;

/** Fetches the chunk once; a failed fetch (offline) is tried again on the next call. */
export function preloadViews(): Promise<Module> {
  loading ??= import('./rare-views.tsx').then(
    (m) => {
      loaded = m;
      return m;
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

function useViews(): Module | null {
  const [views, setViews] = useState(loaded);
  useEffect(() => {
    if (!views)
      preloadViews().then(
        (m) => setViews(() => m),
        () => undefined,
      );
  }, [views]);
  return views;
}

export function ConversationList(props: ComponentProps<Module['ConversationList']>) {
  const v = useViews();
  return v ? (
    <>
      <style>{v.css}</style>
      <v.ConversationList {...props} />
    </>
  ) : null;
}

export function TranscriptForm(props: ComponentProps<Module['TranscriptForm']>) {
  const v = useViews();
  return v ? (
    <>
      <style>{v.css}</style>
      <v.TranscriptForm {...props} />
    </>
  ) : null;
}

export function EmailAsk(props: ComponentProps<Module['EmailAsk']>) {
  const v = useViews();
  return v ? (
    <>
      <style>{v.css}</style>
      <v.EmailAsk {...props} />
    </>
  ) : null;
}

export function HeaderMenu(props: ComponentProps<Module['HeaderMenu']>) {
  const v = useViews();
  return v ? (
    <>
      <style>{v.css}</style>
      <v.HeaderMenu {...props} />
    </>
  ) : null;
}
