-- Substring search over contacts' names, emails and attribute values (contacts_search_idx).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "contact_attribute_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"options" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_attribute_definitions_type_check" CHECK ("contact_attribute_definitions"."type" in ('text', 'number', 'date', 'boolean', 'list'))
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text,
	"email" text,
	"external_id" text,
	"verified" boolean DEFAULT false NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "contact_id" uuid;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "agents_define_attributes" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contact_attribute_definitions" ADD CONSTRAINT "contact_attribute_definitions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_attribute_definitions_key_idx" ON "contact_attribute_definitions" USING btree ("project_id","key");--> statement-breakpoint
CREATE INDEX "contacts_project_created_idx" ON "contacts" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_external_id_idx" ON "contacts" USING btree ("project_id","external_id") WHERE "contacts"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin ((lower(coalesce("name", '') || ' ' || coalesce("email", '') || ' ' || jsonb_path_query_array("attributes", '$.*')::text)) gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "visitors_contact_idx" ON "visitors" USING btree ("contact_id");--> statement-breakpoint
-- Backfill: every verified visitor becomes a verified contact (one per identity, as visitors already are).
WITH src AS (
  SELECT id AS visitor_id, gen_random_uuid() AS contact_id, project_id, name, email, external_id, created_at
    FROM visitors WHERE verified AND external_id IS NOT NULL AND contact_id IS NULL
), ins AS (
  INSERT INTO contacts (id, project_id, name, email, external_id, verified, created_at, updated_at)
  SELECT contact_id, project_id, name, email, external_id, true, created_at, created_at FROM src
)
UPDATE visitors v SET contact_id = src.contact_id FROM src WHERE v.id = src.visitor_id;--> statement-breakpoint
-- Unverified visitors who left an email get an unverified contact each: an email claim never merges two.
WITH src AS (
  SELECT id AS visitor_id, gen_random_uuid() AS contact_id, project_id, name, email, created_at
    FROM visitors WHERE NOT verified AND email IS NOT NULL AND contact_id IS NULL
), ins AS (
  INSERT INTO contacts (id, project_id, name, email, verified, created_at, updated_at)
  SELECT contact_id, project_id, name, email, false, created_at, created_at FROM src
)
UPDATE visitors v SET contact_id = src.contact_id FROM src WHERE v.id = src.visitor_id;
