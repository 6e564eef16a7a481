CREATE TYPE "public"."conversation_priority" AS ENUM('urgent', 'high', 'medium', 'low');--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "priority" "conversation_priority";