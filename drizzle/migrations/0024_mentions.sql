ALTER TABLE "messages" ADD COLUMN "mentions" uuid[];--> statement-breakpoint
CREATE INDEX "messages_mentions_idx" ON "messages" USING gin ("mentions") WHERE "messages"."mentions" is not null;