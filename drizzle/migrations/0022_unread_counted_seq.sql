-- The unread counts become incremental (worker/conversations/denormalize.ts): unread_counted_seq is
-- the highest seq they have counted. Rows that exist now get -1, "unknown", so their next count is
-- a full recount; new rows start at 0 (nothing counted yet). A constant default needs no rewrite.
ALTER TABLE "conversations" ADD COLUMN "unread_counted_seq" integer DEFAULT -1 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ALTER COLUMN "unread_counted_seq" SET DEFAULT 0;
