CREATE TABLE "report_conversations" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"opened_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone,
	"status_key" text DEFAULT '' NOT NULL,
	"resolved_at" timestamp with time zone,
	"assignee_id" uuid,
	"assignee_at" timestamp with time zone,
	"assignee_key" text DEFAULT '' NOT NULL,
	"label_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"labels_at" timestamp with time zone,
	"labels_key" text DEFAULT '' NOT NULL,
	"rating" smallint,
	"rating_resolved_at" timestamp with time zone,
	"rating_assignee_id" uuid,
	"rated_at" timestamp with time zone,
	"rating_key" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"agents_may_view" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_conversations" ADD CONSTRAINT "report_conversations_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_conversations" ADD CONSTRAINT "report_conversations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_conversations" ADD CONSTRAINT "report_conversations_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_conversations" ADD CONSTRAINT "report_conversations_rating_assignee_id_users_id_fk" FOREIGN KEY ("rating_assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_settings" ADD CONSTRAINT "report_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_conversations_opened_idx" ON "report_conversations" USING btree ("project_id","opened_at");--> statement-breakpoint
CREATE INDEX "report_conversations_resolved_idx" ON "report_conversations" USING btree ("project_id","resolved_at") WHERE "report_conversations"."resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "report_conversations_rated_idx" ON "report_conversations" USING btree ("project_id","rating_resolved_at") WHERE "report_conversations"."rating_resolved_at" is not null;