// The English words only the panel's rarely needed views use (the lazy chunk of
// components/rare-views.tsx, which adds them to i18n.ts's English as it arrives): they stay out of
// the first load. Other languages keep every word in their own chunk (locales/).
export const rareEn = {
  transcript: 'Email me the transcript',
  transcriptIntro: 'We will email you the transcript when this conversation is resolved.',
  transcriptSend: 'Request',
  transcriptRequested: 'We will send the transcript to {email} when this conversation is resolved.',
  transcriptSent: 'The transcript was sent to {email}.',
  transcriptFailed: 'The transcript could not be requested. Please try again.',
  ok: 'OK',
  newConversation: 'New conversation',
  emailAsk: 'Leave your email and we will reply there.',
  emailSave: 'Save',
  notNow: 'Not now',
  convOpen: 'Open',
  convPending: 'Pending',
  convSnoozed: 'Snoozed',
  convResolved: 'Resolved',
  convEmpty: 'No messages yet',
  convNone: 'No conversations yet.',
  convMore: 'Show older',
  convError: 'Could not load your conversations.',
  convUnread: '{n} unread',
} as const;
