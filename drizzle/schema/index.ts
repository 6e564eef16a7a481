// Every table, for drizzle-kit and for `drizzle(client, { schema })`.

export * from './conversations.ts';
export * from './outbox.ts';
export * from './sessions.ts';
export * from './tenancy.ts';
