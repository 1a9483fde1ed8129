-- CreateEnum
CREATE TYPE "LabOrderStatus" AS ENUM ('ORDERED', 'COLLECTED', 'RESULTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "LabPriority" AS ENUM ('STAT', 'URGENT', 'ROUTINE');

-- CreateEnum
CREATE TYPE "LabInterpretation" AS ENUM ('NORMAL', 'LOW', 'HIGH', 'CRITICAL');

-- CreateTable
CREATE TABLE "lab_tests" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "reference_low" DECIMAL(12,4) NOT NULL,
    "reference_high" DECIMAL(12,4) NOT NULL,
    "critical_low" DECIMAL(12,4),
    "critical_high" DECIMAL(12,4),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lab_tests_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "lab_orders" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "ordered_by_id" UUID NOT NULL,
    "test_code" TEXT NOT NULL,
    "priority" "LabPriority" NOT NULL,
    "status" "LabOrderStatus" NOT NULL DEFAULT 'ORDERED',
    "specimen_collected_at" TIMESTAMPTZ(3),
    "collected_by_id" UUID,
    "cancellation_reason" TEXT,
    "cancelled_by_id" UUID,
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lab_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lab_results" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "lineage_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "supersedes_id" UUID,
    "value" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "interpretation" "LabInterpretation" NOT NULL,
    "performer_id" UUID NOT NULL,
    "resulted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "change_reason" TEXT,

    CONSTRAINT "lab_results_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "lab_orders_status_priority_created_at_id_idx" ON "lab_orders"("status", "priority", "created_at", "id");

-- CreateIndex
CREATE INDEX "lab_orders_patient_id_created_at_idx" ON "lab_orders"("patient_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "lab_results_supersedes_id_key" ON "lab_results"("supersedes_id");

-- CreateIndex
CREATE INDEX "lab_results_lineage_id_version_idx" ON "lab_results"("lineage_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "lab_results_order_id_version_key" ON "lab_results"("order_id", "version");

-- CreateIndex
CREATE INDEX "care_team_access_patient_id_idx" ON "care_team_access"("patient_id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_test_code_fkey" FOREIGN KEY ("test_code") REFERENCES "lab_tests"("code") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "lab_orders"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "lab_results"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Hand-written (Prisma's schema language cannot express these): the database itself keeps ranges ordered, orders
-- moving only through their lifecycle columns, and results append-only (docs/lab.md).

-- Ranges are inclusive bounds, critical ones outside the reference range.
ALTER TABLE "lab_tests" ADD CONSTRAINT "lab_tests_ranges_ordered" CHECK (
  "reference_low" <= "reference_high"
  AND ("critical_low" IS NULL OR "critical_low" <= "reference_low")
  AND ("critical_high" IS NULL OR "critical_high" >= "reference_high")
);

-- Each status carries what it means: a collected specimen from COLLECTED on, a reason once CANCELLED.
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_status_facts" CHECK (
  ("status" = 'ORDERED' AND "specimen_collected_at" IS NULL)
  OR ("status" IN ('COLLECTED', 'RESULTED') AND "specimen_collected_at" IS NOT NULL AND "collected_by_id" IS NOT NULL)
  OR ("status" = 'CANCELLED' AND "cancellation_reason" IS NOT NULL AND "cancelled_at" IS NOT NULL)
);

-- An order keeps what was ordered; only its lifecycle columns move, never out of RESULTED or CANCELLED, and it is never deleted.
CREATE FUNCTION "lab_order_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'lab: orders are never deleted; cancel them instead' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status IN ('RESULTED', 'CANCELLED')
     OR (NEW.id, NEW.patient_id, NEW.ordered_by_id, NEW.test_code, NEW.priority, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.patient_id, OLD.ordered_by_id, OLD.test_code, OLD.priority, OLD.created_at) THEN
    RAISE EXCEPTION 'lab: an order''s request never changes, and a resulted or cancelled order not at all' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "lab_orders_guard" BEFORE UPDATE OR DELETE ON "lab_orders" FOR EACH ROW EXECUTE FUNCTION "lab_order_guard"();

-- A result is the exact decimal the technician entered (the Decimal scalar's form).
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_value_decimal" CHECK ("value" ~ '^-?[0-9]{1,15}(\.[0-9]{1,4})?$');

-- A result version, once written, is never changed or removed: a correction is a new row that supersedes it.
CREATE FUNCTION "lab_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'lab: results are never % in place; record a corrected version instead', lower(TG_OP) || 'd'
    USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER "lab_results_append_only" BEFORE UPDATE OR DELETE ON "lab_results" FOR EACH ROW EXECUTE FUNCTION "lab_refuse_change"();

-- A result belongs to a RESULTED order of the same patient; a new version continues its order's line, one number up.
CREATE FUNCTION "lab_check_result"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ordered RECORD;
  previous RECORD;
BEGIN
  SELECT patient_id, status INTO ordered FROM lab_orders WHERE id = NEW.order_id;
  IF ordered IS NULL OR ordered.status <> 'RESULTED' OR ordered.patient_id <> NEW.patient_id THEN
    RAISE EXCEPTION 'lab: a result belongs to a RESULTED order of the same patient' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.supersedes_id IS NULL THEN
    IF NEW.version <> 1 OR NEW.lineage_id <> NEW.id THEN
      RAISE EXCEPTION 'lab: a first result has version 1 and is its own lineage' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  SELECT order_id, lineage_id, version INTO previous FROM lab_results WHERE id = NEW.supersedes_id;
  IF previous IS NULL OR previous.order_id <> NEW.order_id OR previous.lineage_id <> NEW.lineage_id OR NEW.version <> previous.version + 1 THEN
    RAISE EXCEPTION 'lab: a corrected result must follow the version it supersedes' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "lab_results_versions" BEFORE INSERT ON "lab_results" FOR EACH ROW EXECUTE FUNCTION "lab_check_result"();
