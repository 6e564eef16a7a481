-- The unread counts become incremental (worker/conversations/denormalize.ts): unread_counted_seq is
-- the highest seq they have counted, unread_counted_marks the read seqs and counts that count wrote.
-- A row without marks (every row that exists now) is recounted the next time, then added to. A
-- constant default and a nullable column: no table rewrite.
ALTER TABLE "conversations" ADD COLUMN "unread_counted_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "unread_counted_marks" text;
