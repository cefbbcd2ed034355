-- CreateEnum
CREATE TYPE "AssociateKind" AS ENUM ('PERSON', 'ORGANISATION');

-- CreateEnum
CREATE TYPE "ShareMovementKind" AS ENUM ('SUBSCRIPTION', 'TRANSFER', 'REFUND');

-- CreateEnum
CREATE TYPE "PricingTierRole" AS ENUM ('SOCIETAIRE', 'ESS', 'PUBLIC');

-- CreateEnum
CREATE TYPE "InvoiceKind" AS ENUM ('INVOICE', 'CREDIT_NOTE');

-- CreateTable
CREATE TABLE "College" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weightBasisPoints" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "College_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Associate" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "collegeId" TEXT NOT NULL,
    "kind" "AssociateKind" NOT NULL,
    "name" TEXT NOT NULL,
    "organizationId" TEXT,
    "email" TEXT,
    "address" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Associate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShareMovement" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "kind" "ShareMovementKind" NOT NULL,
    "associateId" TEXT NOT NULL,
    "toAssociateId" TEXT,
    "date" TEXT NOT NULL,
    "shares" INTEGER NOT NULL,
    "nominalValueCents" INTEGER,
    "paidOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShareMovement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PricingTier" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "PricingTierRole",
    "includedMinutesPerMonth" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PricingTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateCard" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "spaceId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "hourCents" INTEGER,
    "halfDayCents" INTEGER,
    "dayCents" INTEGER,
    "monthCents" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TierOverride" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "byUserId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TierOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingSettings" (
    "scicId" TEXT NOT NULL,
    "vatFranchise" BOOLEAN NOT NULL DEFAULT true,
    "vatRate" INTEGER NOT NULL DEFAULT 2000,
    "vatNumber" TEXT,
    "vatExemptionText" TEXT,
    "rcs" TEXT,
    "paymentTermDays" INTEGER NOT NULL DEFAULT 30,
    "paymentMethod" TEXT NOT NULL DEFAULT 'virement bancaire',
    "latePenaltyText" TEXT,
    "cancellationPolicy" TEXT NOT NULL DEFAULT '{"kind":"NONE"}',
    "surchargeRule" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingSettings_pkey" PRIMARY KEY ("scicId")
);

-- CreateTable
CREATE TABLE "InvoiceSequence" (
    "scicId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InvoiceSequence_pkey" PRIMARY KEY ("scicId","year")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "InvoiceKind" NOT NULL,
    "number" TEXT,
    "issueDate" TEXT NOT NULL,
    "dueDate" TEXT,
    "servicePeriodFrom" TEXT NOT NULL,
    "servicePeriodTo" TEXT NOT NULL,
    "month" TEXT,
    "runKey" TEXT,
    "correctsInvoiceId" TEXT,
    "creditReason" TEXT,
    "tierName" TEXT,
    "sellerSnapshot" TEXT NOT NULL,
    "buyerSnapshot" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "totalHtCents" INTEGER NOT NULL,
    "totalVatCents" INTEGER NOT NULL,
    "totalTtcCents" INTEGER NOT NULL,
    "issuedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLine" (
    "id" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "date" TEXT,
    "spaceId" TEXT,
    "spaceName" TEXT,
    "durationMinutes" INTEGER,
    "tierName" TEXT,
    "includedMinutes" INTEGER NOT NULL DEFAULT 0,
    "quantityMillis" INTEGER NOT NULL,
    "unitPriceHtMillis" INTEGER NOT NULL,
    "vatRate" INTEGER NOT NULL,
    "amountHtCents" INTEGER NOT NULL,
    "vatCents" INTEGER NOT NULL,
    "amountTtcCents" INTEGER NOT NULL,
    "occurrenceId" TEXT,
    "creditedLineIndex" INTEGER,
    "publicPriceCents" INTEGER,

    CONSTRAINT "InvoiceLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "scicId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "receivedOn" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "College_scicId_name_key" ON "College"("scicId", "name");

-- CreateIndex
CREATE INDEX "Associate_scicId_idx" ON "Associate"("scicId");

-- CreateIndex
CREATE INDEX "Associate_collegeId_idx" ON "Associate"("collegeId");

-- CreateIndex
CREATE UNIQUE INDEX "Associate_scicId_organizationId_key" ON "Associate"("scicId", "organizationId");

-- CreateIndex
CREATE INDEX "ShareMovement_scicId_date_idx" ON "ShareMovement"("scicId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "PricingTier_scicId_name_key" ON "PricingTier"("scicId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "PricingTier_scicId_role_key" ON "PricingTier"("scicId", "role");

-- CreateIndex
CREATE INDEX "RateCard_scicId_idx" ON "RateCard"("scicId");

-- CreateIndex
CREATE UNIQUE INDEX "RateCard_spaceId_tierId_key" ON "RateCard"("spaceId", "tierId");

-- CreateIndex
CREATE UNIQUE INDEX "TierOverride_scicId_organizationId_key" ON "TierOverride"("scicId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_runKey_key" ON "Invoice"("runKey");

-- CreateIndex
CREATE INDEX "Invoice_scicId_month_idx" ON "Invoice"("scicId", "month");

-- CreateIndex
CREATE INDEX "Invoice_organizationId_idx" ON "Invoice"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_scicId_number_key" ON "Invoice"("scicId", "number");

-- CreateIndex
CREATE INDEX "InvoiceLine_occurrenceId_idx" ON "InvoiceLine"("occurrenceId");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLine_invoiceId_position_key" ON "InvoiceLine"("invoiceId", "position");

-- CreateIndex
CREATE INDEX "Payment_scicId_receivedOn_idx" ON "Payment"("scicId", "receivedOn");

-- CreateIndex
CREATE INDEX "Payment_organizationId_idx" ON "Payment"("organizationId");

-- AddForeignKey
ALTER TABLE "College" ADD CONSTRAINT "College_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Associate" ADD CONSTRAINT "Associate_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Associate" ADD CONSTRAINT "Associate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Associate" ADD CONSTRAINT "Associate_collegeId_fkey" FOREIGN KEY ("collegeId") REFERENCES "College"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShareMovement" ADD CONSTRAINT "ShareMovement_associateId_fkey" FOREIGN KEY ("associateId") REFERENCES "Associate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShareMovement" ADD CONSTRAINT "ShareMovement_toAssociateId_fkey" FOREIGN KEY ("toAssociateId") REFERENCES "Associate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PricingTier" ADD CONSTRAINT "PricingTier_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RateCard" ADD CONSTRAINT "RateCard_spaceId_fkey" FOREIGN KEY ("spaceId") REFERENCES "Space"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RateCard" ADD CONSTRAINT "RateCard_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PricingTier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierOverride" ADD CONSTRAINT "TierOverride_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierOverride" ADD CONSTRAINT "TierOverride_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierOverride" ADD CONSTRAINT "TierOverride_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PricingTier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingSettings" ADD CONSTRAINT "BillingSettings_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceSequence" ADD CONSTRAINT "InvoiceSequence_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_correctsInvoiceId_fkey" FOREIGN KEY ("correctsInvoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

