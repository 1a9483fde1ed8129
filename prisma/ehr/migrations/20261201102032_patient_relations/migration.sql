-- CreateTable
CREATE TABLE "patient_relations" (
    "patient_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "party_id" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "patient_relations_pkey" PRIMARY KEY ("patient_id","kind","party_id")
);
