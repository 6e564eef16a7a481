-- The data lifecycle (issue 16: erasure, export, retention). Additive only: the previous version
-- runs against it unchanged. The new indexes on outbox_events, webhook_deliveries, audit_events,
-- conversations and visitor_contexts hold writes to those tables while they are built; on a large
-- database, build them first with CREATE INDEX CONCURRENTLY under the same names.
CREATE TYPE "public"."export_scope" AS ENUM('visitor', 'conversation', 'project');--> statement-breakpoint
CREATE TYPE "public"."export_status" AS ENUM('pending', 'ready', 'failed');--> statement-breakpoint
CREATE TABLE "attachment_uploads" (
	"key" text PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"requested_by" uuid,
	"scope" "export_scope" NOT NULL,
	"subject_id" uuid,
	"status" "export_status" DEFAULT 'pending' NOT NULL,
	"object_key" text,
	"size" integer,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasure_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"conversation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"prefixes" text[] DEFAULT '{}'::text[] NOT NULL,
	"erase_inbox" boolean DEFAULT false NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_settings" ADD COLUMN "resolved_retention_days" integer;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachment_uploads" ADD CONSTRAINT "attachment_uploads_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment_uploads" ADD CONSTRAINT "attachment_uploads_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_uploads_created_idx" ON "attachment_uploads" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "data_exports_project_idx" ON "data_exports" USING btree ("project_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "data_exports_expires_idx" ON "data_exports" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "erasure_tasks_due_idx" ON "erasure_tasks" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "audit_events_created_idx" ON "audit_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "conversations_resolved_idx" ON "conversations" USING btree ("project_id","updated_at") WHERE "conversations"."status" = 'resolved';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_aggregate_idx" ON "outbox_events" USING btree ("aggregate_id");--> statement-breakpoint
CREATE INDEX "projects_erased_idx" ON "projects" USING btree ("erased_at") WHERE "projects"."erased_at" is not null;--> statement-breakpoint
CREATE INDEX "visitor_contexts_updated_idx" ON "visitor_contexts" USING btree ("updated_at");