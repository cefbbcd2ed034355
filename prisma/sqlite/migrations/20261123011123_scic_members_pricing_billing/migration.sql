-- CreateTable
CREATE TABLE "College" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weightBasisPoints" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "College_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Associate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "collegeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organizationId" TEXT,
    "email" TEXT,
    "address" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Associate_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Associate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Associate_collegeId_fkey" FOREIGN KEY ("collegeId") REFERENCES "College" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShareMovement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "associateId" TEXT NOT NULL,
    "toAssociateId" TEXT,
    "date" TEXT NOT NULL,
    "shares" INTEGER NOT NULL,
    "nominalValueCents" INTEGER,
    "paidOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShareMovement_associateId_fkey" FOREIGN KEY ("associateId") REFERENCES "Associate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ShareMovement_toAssociateId_fkey" FOREIGN KEY ("toAssociateId") REFERENCES "Associate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PricingTier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "includedMinutesPerMonth" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PricingTier_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RateCard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "spaceId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "hourCents" INTEGER,
    "halfDayCents" INTEGER,
    "dayCents" INTEGER,
    "monthCents" INTEGER,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RateCard_spaceId_fkey" FOREIGN KEY ("spaceId") REFERENCES "Space" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RateCard_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PricingTier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TierOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "byUserId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TierOverride_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TierOverride_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TierOverride_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PricingTier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BillingSettings" (
    "scicId" TEXT NOT NULL PRIMARY KEY,
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
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BillingSettings_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InvoiceSequence" (
    "scicId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("scicId", "year"),
    CONSTRAINT "InvoiceSequence_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
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
    "issuedAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invoice_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invoice_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invoice_correctsInvoiceId_fkey" FOREIGN KEY ("correctsInvoiceId") REFERENCES "Invoice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InvoiceLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scicId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "receivedOn" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Payment_scicId_fkey" FOREIGN KEY ("scicId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Payment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Payment_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
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

