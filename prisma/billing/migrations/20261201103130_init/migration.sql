-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('DRAFT', 'ISSUED', 'PAID', 'VOID');

-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'DENIED', 'PAID');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('CASH', 'CARD', 'BANK_TRANSFER', 'CHECK', 'INSURANCE');

-- CreateTable
CREATE TABLE "fee_schedule_items" (
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fee_schedule_items_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "patient_id" UUID NOT NULL,
    "appointment_id" UUID,
    "status" "InvoiceStatus" NOT NULL DEFAULT 'DRAFT',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "total" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "paid" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "open_claim_id" UUID,
    "issued_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),
    "voided_at" TIMESTAMPTZ(3),
    "void_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_lines" (
    "id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "code" TEXT,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "method" "PaymentMethod" NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "claim_id" UUID,
    "recorded_by" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coverages" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "insurer_id" UUID NOT NULL,
    "policy_number" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coverages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claims" (
    "id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "coverage_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "insurer_id" UUID NOT NULL,
    "status" "ClaimStatus" NOT NULL DEFAULT 'SUBMITTED',
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "approved_amount" DECIMAL(12,2),
    "denial_reason" TEXT,
    "submitted_by" UUID NOT NULL,
    "adjudicated_by" UUID,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "adjudicated_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "known_organizations" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,

    CONSTRAINT "known_organizations_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"("number");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_appointment_id_key" ON "invoices"("appointment_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_open_claim_id_key" ON "invoices"("open_claim_id");

-- CreateIndex
CREATE INDEX "invoices_patient_id_created_at_idx" ON "invoices"("patient_id", "created_at");

-- CreateIndex
CREATE INDEX "invoices_status_created_at_id_idx" ON "invoices"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "invoices_created_at_id_idx" ON "invoices"("created_at", "id");

-- CreateIndex
CREATE INDEX "invoice_lines_invoice_id_created_at_idx" ON "invoice_lines"("invoice_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payments_idempotency_key_key" ON "payments"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "payments_claim_id_key" ON "payments"("claim_id");

-- CreateIndex
CREATE INDEX "payments_invoice_id_received_at_idx" ON "payments"("invoice_id", "received_at");

-- CreateIndex
CREATE INDEX "coverages_patient_id_created_at_idx" ON "coverages"("patient_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "coverages_patient_id_insurer_id_policy_number_key" ON "coverages"("patient_id", "insurer_id", "policy_number");

-- CreateIndex
CREATE INDEX "claims_invoice_id_idx" ON "claims"("invoice_id");

-- CreateIndex
CREATE INDEX "claims_patient_id_submitted_at_idx" ON "claims"("patient_id", "submitted_at");

-- CreateIndex
CREATE INDEX "claims_insurer_id_submitted_at_id_idx" ON "claims"("insurer_id", "submitted_at", "id");

-- CreateIndex
CREATE INDEX "claims_submitted_at_id_idx" ON "claims"("submitted_at", "id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claims" ADD CONSTRAINT "claims_coverage_id_fkey" FOREIGN KEY ("coverage_id") REFERENCES "coverages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma's schema language cannot express these): the database itself keeps the money exact and the
-- lifecycle honest, whatever code or console writes to it (docs/billing.md).
CREATE SEQUENCE "invoice_numbers" START 1;

ALTER TABLE "fee_schedule_items" ADD CONSTRAINT "fee_schedule_items_price_not_negative" CHECK ("unit_price" >= 0);

ALTER TABLE "invoices" ADD CONSTRAINT "invoices_total_not_negative" CHECK ("total" >= 0);
-- Never overpaid: a payment that would take paid past total fails, concurrent payments included.
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_paid_within_total" CHECK ("paid" >= 0 AND "paid" <= "total");
-- PAID means balanced.
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_paid_means_balanced" CHECK (("status" = 'PAID') = ("paid" > 0 AND "paid" = "total"));
-- Payments go to issued invoices only, and an invoice with payments is never voided (no refunds here).
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_payments_only_when_issued" CHECK ("paid" = 0 OR "status" IN ('ISSUED', 'PAID'));
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_void_has_reason" CHECK ("status" <> 'VOID' OR "void_reason" IS NOT NULL);

ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_price_not_negative" CHECK ("unit_price" >= 0);
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_amount_is_product" CHECK ("amount" = "unit_price" * "quantity");

ALTER TABLE "payments" ADD CONSTRAINT "payments_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "payments" ADD CONSTRAINT "payments_insurance_pays_a_claim" CHECK (("method" = 'INSURANCE') = ("claim_id" IS NOT NULL));

ALTER TABLE "claims" ADD CONSTRAINT "claims_amount_positive" CHECK ("amount" > 0);
-- An insurer never approves more than was claimed.
ALTER TABLE "claims" ADD CONSTRAINT "claims_approved_within_amount" CHECK ("approved_amount" IS NULL OR ("approved_amount" > 0 AND "approved_amount" <= "amount"));
ALTER TABLE "claims" ADD CONSTRAINT "claims_approved_has_amount" CHECK (("status" IN ('APPROVED', 'PAID')) = ("approved_amount" IS NOT NULL));
ALTER TABLE "claims" ADD CONSTRAINT "claims_denied_has_reason" CHECK (("status" = 'DENIED') = ("denial_reason" IS NOT NULL));
