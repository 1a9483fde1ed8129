-- CreateEnum
CREATE TYPE "EncounterStatus" AS ENUM ('IN_PROGRESS', 'FINISHED');

-- CreateEnum
CREATE TYPE "ClinicalStatus" AS ENUM ('ACTIVE', 'RESOLVED', 'INACTIVE');

-- CreateEnum
CREATE TYPE "VerificationStatus" AS ENUM ('CONFIRMED', 'ENTERED_IN_ERROR');

-- CreateEnum
CREATE TYPE "AllergySeverity" AS ENUM ('MILD', 'MODERATE', 'SEVERE');

-- CreateEnum
CREATE TYPE "ObservationCategory" AS ENUM ('VITAL_SIGNS', 'LABORATORY');

-- CreateTable
CREATE TABLE "encounters" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "practitioner_id" UUID NOT NULL,
    "appointment_id" UUID,
    "reason" TEXT NOT NULL,
    "status" "EncounterStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3),
    "finished_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "encounters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conditions" (
    "id" UUID NOT NULL,
    "lineage_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "supersedes_id" UUID,
    "patient_id" UUID NOT NULL,
    "encounter_id" UUID,
    "code" TEXT NOT NULL,
    "display" TEXT NOT NULL,
    "clinical_status" "ClinicalStatus" NOT NULL,
    "verification_status" "VerificationStatus" NOT NULL DEFAULT 'CONFIRMED',
    "onset_date" DATE,
    "change_reason" TEXT,
    "recorder_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conditions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allergies" (
    "id" UUID NOT NULL,
    "lineage_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "supersedes_id" UUID,
    "patient_id" UUID NOT NULL,
    "substance" TEXT NOT NULL,
    "reaction" TEXT,
    "severity" "AllergySeverity" NOT NULL,
    "clinical_status" "ClinicalStatus" NOT NULL,
    "verification_status" "VerificationStatus" NOT NULL DEFAULT 'CONFIRMED',
    "change_reason" TEXT,
    "recorder_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "allergies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "observations" (
    "id" UUID NOT NULL,
    "lineage_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "supersedes_id" UUID,
    "patient_id" UUID NOT NULL,
    "encounter_id" UUID,
    "code" TEXT NOT NULL,
    "display" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "unit" TEXT,
    "category" "ObservationCategory" NOT NULL,
    "verification_status" "VerificationStatus" NOT NULL DEFAULT 'CONFIRMED',
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "change_reason" TEXT,
    "recorder_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "observations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clinical_notes" (
    "id" UUID NOT NULL,
    "lineage_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "supersedes_id" UUID,
    "patient_id" UUID NOT NULL,
    "encounter_id" UUID,
    "text" TEXT NOT NULL,
    "verification_status" "VerificationStatus" NOT NULL DEFAULT 'CONFIRMED',
    "change_reason" TEXT,
    "author_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clinical_notes_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "encounters_patient_id_start_at_idx" ON "encounters"("patient_id", "start_at");

-- CreateIndex
CREATE INDEX "encounters_appointment_id_idx" ON "encounters"("appointment_id");

-- CreateIndex
CREATE UNIQUE INDEX "conditions_supersedes_id_key" ON "conditions"("supersedes_id");

-- CreateIndex
CREATE INDEX "conditions_patient_id_recorded_at_idx" ON "conditions"("patient_id", "recorded_at");

-- CreateIndex
CREATE INDEX "conditions_lineage_id_version_idx" ON "conditions"("lineage_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "allergies_supersedes_id_key" ON "allergies"("supersedes_id");

-- CreateIndex
CREATE INDEX "allergies_patient_id_recorded_at_idx" ON "allergies"("patient_id", "recorded_at");

-- CreateIndex
CREATE INDEX "allergies_lineage_id_version_idx" ON "allergies"("lineage_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "observations_supersedes_id_key" ON "observations"("supersedes_id");

-- CreateIndex
CREATE INDEX "observations_patient_id_code_effective_at_idx" ON "observations"("patient_id", "code", "effective_at");

-- CreateIndex
CREATE INDEX "observations_lineage_id_version_idx" ON "observations"("lineage_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "clinical_notes_supersedes_id_key" ON "clinical_notes"("supersedes_id");

-- CreateIndex
CREATE INDEX "clinical_notes_patient_id_created_at_idx" ON "clinical_notes"("patient_id", "created_at");

-- CreateIndex
CREATE INDEX "clinical_notes_lineage_id_version_idx" ON "clinical_notes"("lineage_id", "version");

-- CreateIndex
CREATE INDEX "care_team_access_patient_id_idx" ON "care_team_access"("patient_id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "conditions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "allergies" ADD CONSTRAINT "allergies_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "allergies"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "observations" ADD CONSTRAINT "observations_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "observations"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "clinical_notes"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Hand-written (Prisma's schema language cannot express these): the database itself keeps the clinical record
-- append-only, so no code path, script or console can edit it in place (docs/ehr.md, "Never edited in place").

-- A version row, once written, is never changed or removed: a correction is a new row that supersedes it.
CREATE FUNCTION "ehr_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ehr: % rows are never % in place; record a new version instead', TG_TABLE_NAME, lower(TG_OP) || 'd'
    USING ERRCODE = 'restrict_violation';
END $$;

-- A new version continues its line: same record (lineage) and patient as the version it supersedes, one number up.
CREATE FUNCTION "ehr_check_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous RECORD;
BEGIN
  IF NEW.supersedes_id IS NULL THEN
    IF NEW.version <> 1 OR NEW.lineage_id <> NEW.id THEN
      RAISE EXCEPTION 'ehr: a first version has version 1 and is its own lineage' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT lineage_id, patient_id, version FROM %I WHERE id = $1', TG_TABLE_NAME) INTO previous USING NEW.supersedes_id;
  IF previous IS NULL OR previous.lineage_id <> NEW.lineage_id OR previous.patient_id <> NEW.patient_id OR NEW.version <> previous.version + 1 THEN
    RAISE EXCEPTION 'ehr: a new version must follow the version it supersedes' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "conditions_append_only" BEFORE UPDATE OR DELETE ON "conditions" FOR EACH ROW EXECUTE FUNCTION "ehr_refuse_change"();
CREATE TRIGGER "allergies_append_only" BEFORE UPDATE OR DELETE ON "allergies" FOR EACH ROW EXECUTE FUNCTION "ehr_refuse_change"();
CREATE TRIGGER "observations_append_only" BEFORE UPDATE OR DELETE ON "observations" FOR EACH ROW EXECUTE FUNCTION "ehr_refuse_change"();
CREATE TRIGGER "clinical_notes_append_only" BEFORE UPDATE OR DELETE ON "clinical_notes" FOR EACH ROW EXECUTE FUNCTION "ehr_refuse_change"();
CREATE TRIGGER "conditions_versions" BEFORE INSERT ON "conditions" FOR EACH ROW EXECUTE FUNCTION "ehr_check_version"();
CREATE TRIGGER "allergies_versions" BEFORE INSERT ON "allergies" FOR EACH ROW EXECUTE FUNCTION "ehr_check_version"();
CREATE TRIGGER "observations_versions" BEFORE INSERT ON "observations" FOR EACH ROW EXECUTE FUNCTION "ehr_check_version"();
CREATE TRIGGER "clinical_notes_versions" BEFORE INSERT ON "clinical_notes" FOR EACH ROW EXECUTE FUNCTION "ehr_check_version"();

-- An encounter is the one record with a lifecycle: only its lifecycle columns (status, end, who finished it) may
-- change, and only while it is IN_PROGRESS; which moves are allowed is the service's transitions table.
CREATE FUNCTION "ehr_encounter_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ehr: encounters are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status <> 'IN_PROGRESS'
     OR (NEW.id, NEW.patient_id, NEW.practitioner_id, NEW.appointment_id, NEW.reason, NEW.start_at, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.patient_id, OLD.practitioner_id, OLD.appointment_id, OLD.reason, OLD.start_at, OLD.created_at) THEN
    RAISE EXCEPTION 'ehr: an encounter''s clinical columns never change, and a finished encounter not at all' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "encounters_guard" BEFORE UPDATE OR DELETE ON "encounters" FOR EACH ROW EXECUTE FUNCTION "ehr_encounter_guard"();

-- One appointment is never the visit of two open encounters at once (concurrent starts included).
CREATE UNIQUE INDEX "encounters_open_appointment_key" ON "encounters"("appointment_id") WHERE "status" = 'IN_PROGRESS' AND "appointment_id" IS NOT NULL;
