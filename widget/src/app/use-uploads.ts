// The first-load side of attachments: everything heavy (uploading with progress and cancel, the
// tray, the lightbox, their words) is in ./uploads/ and loaded with import() on first use — a
// file picked, dropped or pasted, or an image opened — so the widget's first load barely grows.
import { useEffect, useState } from 'preact/hooks';
import type { WidgetController } from './client/controller.ts';
import type * as Uploads from './uploads/uploads.tsx';

type Module = typeof Uploads;
let loading: Promise<Module> | null = null;
let loaded: Module | null = null;
const waiting = new Set<(m: Module) => void>();

function load(): Promise<Module> {
  loading ??= import('./uploads/uploads.tsx').then((m) => {
    loaded = m;
    for (const fn of waiting) fn(m);
    return m;
  });
  return loading;
}

/** Files picked, dropped or pasted: checked against the project's limits, then uploaded. */
export function attachFiles(controller: WidgetController, files: File[]): void {
  if (files.length) void load().then((m) => m.uploadsOf(controller).add(files));
}

/** An image attachment opened in the lightbox. */
export function viewImage(controller: WidgetController, image: { url: string; name: string }): void {
  void load().then((m) => m.uploadsOf(controller).view(image));
}

/** The loaded module (for its tray and lightbox), or null until something needed it. */
export function useUploadsModule(): Module | null {
  const [mod, setMod] = useState(loaded);
  useEffect(() => {
    if (loaded) setMod(() => loaded);
    const fn = (m: Module) => setMod(() => m);
    waiting.add(fn);
    return () => waiting.delete(fn);
  }, []);
  return mod;
}

/** The files of a paste or a drop (a screenshot pasted is one PNG file). */
export const filesOf = (data: DataTransfer | null): File[] => (data ? Array.from(data.files) : []);
