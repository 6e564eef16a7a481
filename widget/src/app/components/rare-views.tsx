// The panel's rarely needed views, one lazy chunk (lazy-views.tsx loads it with import()): the
// visitor's conversations, the header's menu and its transcript form, away mode's email ask, the
// rating ask of a resolved conversation (CSAT), with their own styles.
export { ConversationList } from './conversation-list.tsx';
export { EmailAsk } from './email-ask.tsx';
export { HeaderMenu } from './header-menu.tsx';
export { RatingAsk } from './rating-ask.tsx';
export { TranscriptForm } from './transcript-form.tsx';

import { adoptSheet } from '../adopt-sheet.ts';
import { addEnglish } from '../i18n.ts';
import { rareEn } from '../rare-words.ts';
import css from './rare-views.css?inline';

// Their English words come with them (other languages have all words in their chunk).
addEnglish(rareEn);

/** These views' styles join a shadow root: an adopted sheet (no <style>, so no CSP 'unsafe-inline'). */
export function adoptStyles(root: ShadowRoot): void {
  adoptSheet(root, 'rare-views', css);
}
