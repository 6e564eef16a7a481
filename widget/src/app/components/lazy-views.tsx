// The first-load side of the panel's rarely needed views (rare-views.tsx): each wrapper renders
// nothing until the chunk has arrived, then the view. The chunk's styles are adopted into the
// widget's shadow root (viewsRoot(), called by main.tsx) as it arrives, before any view renders.
// The chunk is fetched when a wrapper first mounts, or earlier with preloadViews(): the panel calls
// it as soon as the session says away (the email ask), and when the pointer or focus reaches the
// list or menu button.
import type { ComponentProps } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type * as Views from './rare-views.tsx';

type Module = typeof Views;
let loading: Promise<Module> | null = null;
let loaded: Module | null = null;
const roots = new Set<ShadowRoot>();

/** The widget's shadow root, for the views' styles; returns the function that forgets it. */
export function viewsRoot(root: ShadowRoot): () => void {
  roots.add(root);
  loaded?.adoptStyles(root);
  return () => roots.delete(root);
}

/** Fetches the chunk once; a failed fetch (offline) is tried again on the next call. */
export function preloadViews(): Promise<Module> {
  loading ??= import('./rare-views.tsx').then(
    (m) => {
      for (const root of roots) m.adoptStyles(root);
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
  return v ? <v.ConversationList {...props} /> : null;
}

export function TranscriptForm(props: ComponentProps<Module['TranscriptForm']>) {
  const v = useViews();
  return v ? <v.TranscriptForm {...props} /> : null;
}

export function EmailAsk(props: ComponentProps<Module['EmailAsk']>) {
  const v = useViews();
  return v ? <v.EmailAsk {...props} /> : null;
}

export function RatingAsk(props: ComponentProps<Module['RatingAsk']>) {
  const v = useViews();
  return v ? <v.RatingAsk {...props} /> : null;
}

export function HeaderMenu(props: ComponentProps<Module['HeaderMenu']>) {
  const v = useViews();
  return v ? <v.HeaderMenu {...props} /> : null;
}
