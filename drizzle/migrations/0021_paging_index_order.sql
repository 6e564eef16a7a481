DROP INDEX "audit_events_project_idx";--> statement-breakpoint
DROP INDEX "data_exports_project_idx";--> statement-breakpoint
CREATE INDEX "audit_events_project_idx" ON "audit_events" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "data_exports_project_idx" ON "data_exports" USING btree ("project_id","created_at");