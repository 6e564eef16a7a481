// Every table, for drizzle-kit and for `drizzle(client, { schema })`.

export * from './auth.ts';
export * from './canned-responses.ts';
export * from './contacts.ts';
export * from './conversations.ts';
export * from './events.ts';
export * from './labels.ts';
export * from './notifications.ts';
export * from './outbox.ts';
export * from './privacy.ts';
export * from './ratings.ts';
export * from './reports.ts';
export * from './sessions.ts';
export * from './tenancy.ts';
export * from './transcripts.ts';
export * from './visitor-context.ts';
