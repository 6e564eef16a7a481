CREATE TABLE "notification_marks" (
	"kind" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"notified_seq" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_marks_kind_recipient_id_conversation_id_pk" PRIMARY KEY("kind","recipient_id","conversation_id")
);
--> statement-breakpoint
ALTER TABLE "conversation_settings" ADD COLUMN "unseen_reply_email_delay_seconds" integer DEFAULT 180;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "email_unsubscribed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_notifications" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_marks" ADD CONSTRAINT "notification_marks_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_marks" ADD CONSTRAINT "notification_marks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_marks_conversation_idx" ON "notification_marks" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "notification_marks_project_idx" ON "notification_marks" USING btree ("project_id");