-- CreateEnum
CREATE TYPE "NotificationType" AS ENUM ('APPOINTMENT_BOOKED', 'APPOINTMENT_RESCHEDULED', 'APPOINTMENT_CANCELLED', 'LAB_RESULT_READY', 'LAB_RESULT_CORRECTED', 'PRESCRIPTION_DISPENSED', 'INVOICE_ISSUED', 'CLAIM_ADJUDICATED', 'STOCK_LOW');

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "type" "NotificationType" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "source_event_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "known_accounts" (
    "user_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "patient_id" UUID,
    "practitioner_id" UUID,

    CONSTRAINT "known_accounts_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "aggregate_id" TEXT,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notifications_sequence_key" ON "notifications"("sequence");

-- CreateIndex
CREATE INDEX "notifications_user_id_sequence_idx" ON "notifications"("user_id", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_source_event_id_user_id_key" ON "notifications"("source_event_id", "user_id");

-- CreateIndex
CREATE INDEX "known_accounts_patient_id_idx" ON "known_accounts"("patient_id");

-- CreateIndex
CREATE INDEX "known_accounts_practitioner_id_idx" ON "known_accounts"("practitioner_id");

-- CreateIndex
CREATE INDEX "known_accounts_role_idx" ON "known_accounts"("role");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");
