// Every table, for drizzle-kit and for `drizzle(client, { schema })`.
export * from './sessions.ts';
export * from './tenancy.ts';
