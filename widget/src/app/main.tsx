// The full widget's entry, imported by the loader: mount() renders the Preact app into the
// loader's shadow root with the widget's own adopted stylesheet and returns the page API's handle.
import { render } from 'preact';
import type { MountOptions, WidgetHandle } from '../contract.ts';
import { adoptSheet } from './adopt-sheet.ts';
import { WidgetController } from './client/controller.ts';
import { unlockAudio } from './client/notify.ts';
import { App } from './components/app.tsx';
import { viewsRoot } from './components/lazy-views.tsx';
import css from './styles.css?inline';

export function mount(options: MountOptions): WidgetHandle {
  const { root } = options;
  const controller = new WidgetController(options);
  const style = adoptSheet(root, 'widget', css);
  // The loader's placeholder launcher gives way to the real one.
  root.querySelector('.pw')?.remove();
  const container = document.createElement('div');
  root.append(container);
  const forgetRoot = viewsRoot(root);
  render(<App controller={controller} />, container);
  // Audio may only start after a gesture: the first click or key press in the widget unlocks it.
  root.addEventListener('pointerdown', unlockAudio);
  root.addEventListener('keydown', unlockAudio);
  void controller.start();
  return {
    open: () => controller.open(),
    close: () => controller.close(),
    toggle: () => controller.toggle(),
    identify: (identity) => controller.identify(identity),
    setLocale: (locale) => controller.setLocale(locale),
    update: (data) => void controller.update(data),
    unmount: () => {
      root.removeEventListener('pointerdown', unlockAudio);
      root.removeEventListener('keydown', unlockAudio);
      render(null, container);
      forgetRoot();
      container.remove();
      style?.remove();
      controller.destroy();
    },
  };
}
