// The widget's words in each language it ships (English, French, German), and how a locale is
// picked: Parley.setLocale() first, then the project's setting, then the browser's languages.

const en = {
  open: 'Open chat',
  close: 'Close chat',
  title: 'Chat with us',
  subtitleOnline: 'We typically reply in a few minutes',
  subtitleAway: 'We are away right now',
  greeting: 'Hi! How can we help?',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent',
  retry: 'Retry',
  messageDeleted: 'This message was deleted',
  deleteMessage: 'Delete',
  deleteConfirm: 'Delete this message?',
  cancel: 'Cancel',
  deleteFailed: 'The message could not be deleted.',
  emoji: 'Emoji',
  emojiSearch: 'Search emoji',
  emojiNone: 'No emoji found',
  typing: '{name} is typing…',
  someone: 'Someone',
  team: 'Team',
  you: 'You',
  newMessage: 'New message from {name}: {body}',
  titleNotice: '({count}) New message',
  offline: 'Offline — your messages will be sent when you are back online.',
  reconnecting: 'Reconnecting…',
  loadError: 'Chat is unavailable right now.',
  preChatIntro: 'Before we start, how can we reach you?',
  name: 'Name',
  email: 'Email',
  start: 'Start chat',
  invalidEmail: 'Please enter a valid email address.',
  messageLog: 'Conversation',
  messageTooLong: 'Message is too long.',
} as const;

export type Dictionary = { [K in keyof typeof en]: string };

const fr: Dictionary = {
  open: 'Ouvrir le chat',
  close: 'Fermer le chat',
  title: 'Discutons',
  subtitleOnline: 'Nous répondons en général en quelques minutes',
  subtitleAway: 'Nous sommes absents pour le moment',
  greeting: 'Bonjour ! Comment pouvons-nous vous aider ?',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  sending: 'Envoi…',
  sent: 'Envoyé',
  read: 'Lu',
  failed: 'Non envoyé',
  retry: 'Réessayer',
  messageDeleted: 'Ce message a été supprimé',
  deleteMessage: 'Supprimer',
  deleteConfirm: 'Supprimer ce message ?',
  cancel: 'Annuler',
  deleteFailed: 'Le message n’a pas pu être supprimé.',
  emoji: 'Émoji',
  emojiSearch: 'Chercher un émoji',
  emojiNone: 'Aucun émoji trouvé',
  typing: '{name} est en train d’écrire…',
  someone: 'Quelqu’un',
  team: 'Équipe',
  you: 'Vous',
  newMessage: 'Nouveau message de {name} : {body}',
  titleNotice: '({count}) Nouveau message',
  offline: 'Hors ligne — vos messages partiront dès le retour de la connexion.',
  reconnecting: 'Reconnexion…',
  loadError: 'Le chat est indisponible pour le moment.',
  preChatIntro: 'Avant de commencer, comment pouvons-nous vous joindre ?',
  name: 'Nom',
  email: 'E-mail',
  start: 'Démarrer',
  invalidEmail: 'Veuillez saisir une adresse e-mail valide.',
  messageLog: 'Conversation',
  messageTooLong: 'Message trop long.',
};

const de: Dictionary = {
  open: 'Chat öffnen',
  close: 'Chat schließen',
  title: 'Schreiben Sie uns',
  subtitleOnline: 'Wir antworten meist innerhalb weniger Minuten',
  subtitleAway: 'Wir sind gerade nicht da',
  greeting: 'Hallo! Wie können wir helfen?',
  placeholder: 'Nachricht schreiben…',
  send: 'Senden',
  sending: 'Wird gesendet…',
  sent: 'Gesendet',
  read: 'Gelesen',
  failed: 'Nicht gesendet',
  retry: 'Erneut senden',
  messageDeleted: 'Diese Nachricht wurde gelöscht',
  deleteMessage: 'Löschen',
  deleteConfirm: 'Diese Nachricht löschen?',
  cancel: 'Abbrechen',
  deleteFailed: 'Die Nachricht konnte nicht gelöscht werden.',
  emoji: 'Emoji',
  emojiSearch: 'Emoji suchen',
  emojiNone: 'Kein Emoji gefunden',
  typing: '{name} schreibt…',
  someone: 'Jemand',
  team: 'Team',
  you: 'Sie',
  newMessage: 'Neue Nachricht von {name}: {body}',
  titleNotice: '({count}) Neue Nachricht',
  offline: 'Offline — Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.',
  reconnecting: 'Verbindung wird wiederhergestellt…',
  loadError: 'Der Chat ist gerade nicht verfügbar.',
  preChatIntro: 'Bevor es losgeht: Wie erreichen wir Sie?',
  name: 'Name',
  email: 'E-Mail',
  start: 'Chat starten',
  invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  messageLog: 'Unterhaltung',
  messageTooLong: 'Nachricht ist zu lang.',
};

export const dictionaries: Record<string, Dictionary> = { en, fr, de };
export type Locale = 'en' | 'fr' | 'de';

/** The first supported language among the candidates ('fr-CA' → 'fr'), else English. */
export function pickLocale(...candidates: (string | readonly string[] | undefined)[]): Locale {
  for (const candidate of candidates.flat()) {
    const lang = candidate?.toLowerCase().split(/[-_]/)[0];
    if (lang === 'en' || lang === 'fr' || lang === 'de') return lang;
  }
  return 'en';
}

/** A translation with {placeholders} filled in. */
export function translate(locale: Locale, key: keyof Dictionary, vars?: Record<string, string | number>): string {
  const template = dictionaries[locale]?.[key] ?? en[key];
  return vars ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : template;
}
