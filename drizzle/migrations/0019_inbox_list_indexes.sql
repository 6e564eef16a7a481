DROP INDEX "conversations_project_assignee_idx";--> statement-breakpoint
DROP INDEX "conversations_project_activity_idx";--> statement-breakpoint
CREATE INDEX "conversations_project_status_activity_idx" ON "conversations" USING btree ("project_id","status","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_project_assignee_activity_idx" ON "conversations" USING btree ("project_id","assignee_id","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_project_unassigned_activity_idx" ON "conversations" USING btree ("project_id","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "conversations"."assignee_id" is null;--> statement-breakpoint
CREATE INDEX "conversations_project_activity_idx" ON "conversations" USING btree ("project_id","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);