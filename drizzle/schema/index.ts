// Every table, for drizzle-kit and for `drizzle(client, { schema })`.
export * from './events.ts';
export * from './auth.ts';
export * from './outbox.ts';
export * from './sessions.ts';
export * from './tenancy.ts';
