-- Sessions that exist already have proven nothing recently: the column starts null for them, and
-- only sessions created from now on are born re-authenticated (the sign-in that makes them).
ALTER TABLE "sessions" ADD COLUMN "reauthenticated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "reauthenticated_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_verified_at" timestamp with time zone;--> statement-breakpoint
-- Addresses verified before this column existed count as verified since the account was made.
UPDATE "users" SET "email_verified_at" = "created_at" WHERE "email_verified";
