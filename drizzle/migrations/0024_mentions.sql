-- Mentions in private notes. Additive only: the previous version runs against it unchanged. The
-- index holds writes to messages (every room's commit) while it is built; on a large database,
-- build it first with CREATE INDEX CONCURRENTLY under the same name (IF NOT EXISTS then skips it).
ALTER TABLE "messages" ADD COLUMN "mentions" uuid[];--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "messages_mentions_idx" ON "messages" USING btree ("project_id") WHERE "messages"."mentions" is not null;
