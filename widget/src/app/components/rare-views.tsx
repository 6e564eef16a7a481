// The panel's rarely needed views, one lazy chunk (lazy-views.tsx loads it with import()): the
// visitor's conversations, the header's menu and its transcript form, away mode's email ask, with
// their own styles.
export { ConversationList } from './conversation-list.tsx';
export { EmailAsk } from './email-ask.tsx';
export { HeaderMenu } from './header-menu.tsx';
export { default as css } from './rare-views.css?inline';
export { TranscriptForm } from './transcript-form.tsx';
