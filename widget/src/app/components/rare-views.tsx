// The panel's rarely needed views, one lazy chunk (lazy-views.tsx loads it with import()): the
// visitor's conversations, the header's menu and its transcript form, away mode's email ask, with
// their own styles.
export { ConversationList } from './conversation-list.tsx';
export { EmailAsk } from './email-ask.tsx';
export { HeaderMenu } from './header-menu.tsx';
export { TranscriptForm } from './transcript-form.tsx';

import { addEnglish } from '../i18n.ts';
import { rareEn } from '../rare-words.ts';
import css from './rare-views.css?inline';

// Their English words come with them (other languages have all words in their chunk).
addEnglish(rareEn);

let sheet: CSSStyleSheet | null = null;

/** These views' styles join a shadow root: an adopted sheet (no <style>, so no CSP 'unsafe-inline'). */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else if (!root.querySelector('style[data-views]')) {
    // Browsers without constructable sheets get a <style>, as main.tsx does for the widget's own.
    const style = document.createElement('style');
    style.dataset.views = '';
    style.textContent = css;
    root.append(style);
  }
}
