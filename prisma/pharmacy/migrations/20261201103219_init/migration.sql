-- CreateEnum
CREATE TYPE "MedicationForm" AS ENUM ('TABLET', 'CAPSULE', 'ORAL_SOLUTION', 'ORAL_SUSPENSION', 'INJECTION', 'INHALER', 'CREAM', 'OINTMENT', 'DROPS', 'PATCH');

-- CreateEnum
CREATE TYPE "PrescriptionStatus" AS ENUM ('ACTIVE', 'ON_HOLD', 'COMPLETED', 'CANCELLED');

-- CreateTable
CREATE TABLE "medications" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "form" "MedicationForm" NOT NULL,
    "strength" TEXT NOT NULL,
    "ingredients" TEXT[],
    "stock_on_hand" INTEGER NOT NULL DEFAULT 0,
    "reorder_level" INTEGER NOT NULL,
    "low_stock_signalled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "medications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prescriptions" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "prescriber_id" UUID NOT NULL,
    "medication_id" UUID NOT NULL,
    "status" "PrescriptionStatus" NOT NULL DEFAULT 'ACTIVE',
    "quantity" INTEGER NOT NULL,
    "refills" INTEGER NOT NULL,
    "dispensed_quantity" INTEGER NOT NULL DEFAULT 0,
    "dosage_instructions" TEXT NOT NULL,
    "allergy_override_reason" TEXT,
    "overridden_allergies" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hold_reason" TEXT,
    "cancellation_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prescriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "medication_dispenses" (
    "id" UUID NOT NULL,
    "prescription_id" UUID NOT NULL,
    "medication_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "dispenser_id" UUID,
    "dispensed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "medication_dispenses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "known_allergies" (
    "lineage_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "substance" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "known_allergies_pkey" PRIMARY KEY ("lineage_id")
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
CREATE UNIQUE INDEX "medications_code_key" ON "medications"("code");

-- CreateIndex
CREATE INDEX "medications_name_id_idx" ON "medications"("name", "id");

-- CreateIndex
CREATE INDEX "prescriptions_patient_id_created_at_idx" ON "prescriptions"("patient_id", "created_at");

-- CreateIndex
CREATE INDEX "prescriptions_status_created_at_id_idx" ON "prescriptions"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "medication_dispenses_prescription_id_dispensed_at_idx" ON "medication_dispenses"("prescription_id", "dispensed_at");

-- CreateIndex
CREATE INDEX "known_allergies_patient_id_idx" ON "known_allergies"("patient_id");

-- CreateIndex
CREATE INDEX "care_team_access_patient_id_idx" ON "care_team_access"("patient_id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_medication_id_fkey" FOREIGN KEY ("medication_id") REFERENCES "medications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "medication_dispenses" ADD CONSTRAINT "medication_dispenses_prescription_id_fkey" FOREIGN KEY ("prescription_id") REFERENCES "prescriptions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "medication_dispenses" ADD CONSTRAINT "medication_dispenses_medication_id_fkey" FOREIGN KEY ("medication_id") REFERENCES "medications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Stock and dispensing rules, enforced by the database whatever code or console writes (docs/pharmacy.md). Prisma
-- cannot declare CHECK constraints, so they live here. The services move stock and dispensed quantities only by
-- conditional UPDATEs; these are the backstop that makes a negative stock or an over-dispense impossible.
ALTER TABLE "medications" ADD CONSTRAINT "medications_stock_not_negative" CHECK ("stock_on_hand" >= 0);
ALTER TABLE "medications" ADD CONSTRAINT "medications_reorder_level_not_negative" CHECK ("reorder_level" >= 0);

ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_refills_not_negative" CHECK ("refills" >= 0);
-- Never more than quantity × (1 + refills) units in all.
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_not_over_dispensed"
  CHECK ("dispensed_quantity" >= 0 AND "dispensed_quantity" <= "quantity" * (1 + "refills"));
-- COMPLETED exactly when everything was dispensed; an ACTIVE or ON_HOLD prescription always has something left.
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_completed_when_fully_dispensed"
  CHECK (("status" = 'COMPLETED') = ("dispensed_quantity" = "quantity" * (1 + "refills")) OR "status" = 'CANCELLED');

ALTER TABLE "medication_dispenses" ADD CONSTRAINT "medication_dispenses_quantity_positive" CHECK ("quantity" > 0);

-- Dispenses are a record of what was handed out: never changed or removed.
CREATE FUNCTION "medication_dispenses_insert_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'medication_dispenses rows are never updated or deleted';
END;
$$;
CREATE TRIGGER "medication_dispenses_insert_only" BEFORE UPDATE OR DELETE ON "medication_dispenses"
  FOR EACH ROW EXECUTE FUNCTION "medication_dispenses_insert_only"();
