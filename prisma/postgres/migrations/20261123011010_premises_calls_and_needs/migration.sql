-- CreateEnum
CREATE TYPE "PremisesState" AS ENUM ('DRAFT', 'PUBLISHED', 'UNDER_REVIEW', 'ATTRIBUTED', 'OCCUPIED', 'ENDED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "GeocodingStatus" AS ENUM ('PENDING', 'OK', 'FAILED');

-- CreateEnum
CREATE TYPE "SiretVerification" AS ENUM ('VERIFIED', 'UNVERIFIED');

-- CreateEnum
CREATE TYPE "PremisesApplicationStatus" AS ENUM ('SUBMITTED', 'ATTRIBUTED', 'NOT_RETAINED');

-- CreateEnum
CREATE TYPE "PremisesNeedStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateTable
CREATE TABLE "Premises" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "addressLine" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "commune" TEXT NOT NULL,
    "inseeCode" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "geocodingStatus" "GeocodingStatus" NOT NULL DEFAULT 'PENDING',
    "geocodingAttempts" INTEGER NOT NULL DEFAULT 0,
    "geocodingAttemptedAt" TIMESTAMP(3),
    "surfaceM2" DOUBLE PRECISION NOT NULL,
    "levels" INTEGER NOT NULL,
    "condition" TEXT NOT NULL,
    "accessibility" TEXT NOT NULL,
    "utilities" TEXT NOT NULL DEFAULT '[]',
    "availableFrom" TEXT NOT NULL,
    "availableUntil" TEXT,
    "occupationType" TEXT NOT NULL,
    "rentCents" INTEGER NOT NULL,
    "chargesCents" INTEGER NOT NULL,
    "socialUtilityReductionPercent" INTEGER NOT NULL DEFAULT 0,
    "insuranceRequired" BOOLEAN NOT NULL DEFAULT true,
    "worksAllowed" TEXT NOT NULL,
    "otherConditions" TEXT NOT NULL DEFAULT '',
    "visits" TEXT NOT NULL DEFAULT '[]',
    "state" "PremisesState" NOT NULL DEFAULT 'DRAFT',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Premises_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesStateChange" (
    "id" TEXT NOT NULL,
    "premisesId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "fromState" "PremisesState" NOT NULL,
    "toState" "PremisesState" NOT NULL,
    "actorUserId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "applicationId" TEXT,
    "conventionSignedOn" TEXT,

    CONSTRAINT "PremisesStateChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesPhoto" (
    "id" TEXT NOT NULL,
    "premisesId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "alt" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PremisesPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesCall" (
    "id" TEXT NOT NULL,
    "premisesId" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "criteria" TEXT NOT NULL,
    "requiredDocuments" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PremisesCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesApplication" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "submittedByUserId" TEXT,
    "siret" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "activity" TEXT NOT NULL,
    "peopleInvolved" INTEGER NOT NULL,
    "desiredStart" TEXT NOT NULL,
    "durationMonths" INTEGER NOT NULL,
    "maxRentCents" INTEGER NOT NULL,
    "socialUtilityStatement" TEXT NOT NULL,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "siretStatus" "SiretVerification" NOT NULL DEFAULT 'UNVERIFIED',
    "siretCheckAttempts" INTEGER NOT NULL DEFAULT 0,
    "siretCheckedAt" TIMESTAMP(3),
    "siretData" TEXT,
    "status" "PremisesApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PremisesApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesScore" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "reviewerUserId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PremisesScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesDecision" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "winnerApplicationId" TEXT NOT NULL,
    "decidedByUserId" TEXT NOT NULL,
    "commonMessage" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PremisesDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesNeed" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kinds" TEXT NOT NULL,
    "surfaceMinM2" DOUBLE PRECISION NOT NULL,
    "surfaceMaxM2" DOUBLE PRECISION NOT NULL,
    "communes" TEXT NOT NULL,
    "budgetMaxCents" INTEGER NOT NULL,
    "availableFrom" TEXT NOT NULL,
    "sharedUseAcceptable" BOOLEAN NOT NULL DEFAULT false,
    "peopleCount" INTEGER NOT NULL,
    "accessibilityRequired" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "PremisesNeedStatus" NOT NULL DEFAULT 'OPEN',
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PremisesNeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PremisesNeedMatch" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "premisesId" TEXT NOT NULL,
    "notifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PremisesNeedMatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Premises_organizationId_state_idx" ON "Premises"("organizationId", "state");

-- CreateIndex
CREATE INDEX "Premises_state_idx" ON "Premises"("state");

-- CreateIndex
CREATE INDEX "Premises_geocodingStatus_idx" ON "Premises"("geocodingStatus");

-- CreateIndex
CREATE INDEX "PremisesStateChange_premisesId_at_idx" ON "PremisesStateChange"("premisesId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "PremisesPhoto_path_key" ON "PremisesPhoto"("path");

-- CreateIndex
CREATE INDEX "PremisesPhoto_premisesId_position_idx" ON "PremisesPhoto"("premisesId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "PremisesCall_premisesId_key" ON "PremisesCall"("premisesId");

-- CreateIndex
CREATE INDEX "PremisesApplication_organizationId_idx" ON "PremisesApplication"("organizationId");

-- CreateIndex
CREATE INDEX "PremisesApplication_siretStatus_idx" ON "PremisesApplication"("siretStatus");

-- CreateIndex
CREATE UNIQUE INDEX "PremisesApplication_callId_organizationId_key" ON "PremisesApplication"("callId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "PremisesScore_applicationId_reviewerUserId_criterionId_key" ON "PremisesScore"("applicationId", "reviewerUserId", "criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "PremisesDecision_callId_key" ON "PremisesDecision"("callId");

-- CreateIndex
CREATE INDEX "PremisesNeed_organizationId_status_idx" ON "PremisesNeed"("organizationId", "status");

-- CreateIndex
CREATE INDEX "PremisesNeed_status_idx" ON "PremisesNeed"("status");

-- CreateIndex
CREATE INDEX "PremisesNeedMatch_premisesId_idx" ON "PremisesNeedMatch"("premisesId");

-- CreateIndex
CREATE UNIQUE INDEX "PremisesNeedMatch_needId_premisesId_key" ON "PremisesNeedMatch"("needId", "premisesId");

-- AddForeignKey
ALTER TABLE "Premises" ADD CONSTRAINT "Premises_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesStateChange" ADD CONSTRAINT "PremisesStateChange_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesPhoto" ADD CONSTRAINT "PremisesPhoto_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesCall" ADD CONSTRAINT "PremisesCall_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesApplication" ADD CONSTRAINT "PremisesApplication_callId_fkey" FOREIGN KEY ("callId") REFERENCES "PremisesCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesApplication" ADD CONSTRAINT "PremisesApplication_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesScore" ADD CONSTRAINT "PremisesScore_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PremisesApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesScore" ADD CONSTRAINT "PremisesScore_reviewerUserId_fkey" FOREIGN KEY ("reviewerUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesDecision" ADD CONSTRAINT "PremisesDecision_callId_fkey" FOREIGN KEY ("callId") REFERENCES "PremisesCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesNeed" ADD CONSTRAINT "PremisesNeed_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesNeedMatch" ADD CONSTRAINT "PremisesNeedMatch_needId_fkey" FOREIGN KEY ("needId") REFERENCES "PremisesNeed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesNeedMatch" ADD CONSTRAINT "PremisesNeedMatch_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises"("id") ON DELETE CASCADE ON UPDATE CASCADE;

