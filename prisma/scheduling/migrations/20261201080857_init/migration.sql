-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('BOOKED', 'ARRIVED', 'FULFILLED', 'CANCELLED', 'NOSHOW');

-- CreateEnum
CREATE TYPE "Weekday" AS ENUM ('MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN');

-- CreateTable
CREATE TABLE "availabilities" (
    "id" UUID NOT NULL,
    "practitioner_id" UUID NOT NULL,
    "weekdays" "Weekday"[],
    "start_time" TEXT NOT NULL,
    "end_time" TEXT NOT NULL,
    "slot_minutes" INTEGER NOT NULL,
    "time_zone" TEXT NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "availabilities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointments" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "practitioner_id" UUID NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'BOOKED',
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT,
    "cancellation_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "care_team_access" (
    "practitioner_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,

    CONSTRAINT "care_team_access_pkey" PRIMARY KEY ("practitioner_id","patient_id")
);

-- CreateTable
CREATE TABLE "known_patients" (
    "id" UUID NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "known_patients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "known_practitioners" (
    "id" UUID NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "known_practitioners_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "availabilities_practitioner_id_valid_from_idx" ON "availabilities"("practitioner_id", "valid_from");

-- CreateIndex
CREATE INDEX "appointments_practitioner_id_start_at_idx" ON "appointments"("practitioner_id", "start_at");

-- CreateIndex
CREATE INDEX "appointments_patient_id_start_at_idx" ON "appointments"("patient_id", "start_at");

-- CreateIndex
CREATE INDEX "appointments_start_at_id_idx" ON "appointments"("start_at", "id");

-- CreateIndex
CREATE INDEX "care_team_access_patient_id_idx" ON "care_team_access"("patient_id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- No double booking, enforced by the database (docs/scheduling.md): two appointments of one practitioner that are
-- still held (not cancelled, not a no-show) never overlap in time, whatever races the service loses. Prisma cannot
-- declare an exclusion constraint, so it lives here; the `=` on a uuid inside a GiST index needs btree_gist.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "appointments" ADD CONSTRAINT "appointments_no_double_booking"
  EXCLUDE USING gist ("practitioner_id" WITH =, tstzrange("start_at", "end_at") WITH &&)
  WHERE ("status" NOT IN ('CANCELLED', 'NOSHOW'));

ALTER TABLE "appointments" ADD CONSTRAINT "appointments_end_after_start" CHECK ("end_at" > "start_at");
