-- CreateTable
CREATE TABLE "Premises" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "addressLine" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "commune" TEXT NOT NULL,
    "inseeCode" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "geocodingStatus" TEXT NOT NULL DEFAULT 'PENDING',
    "geocodingAttempts" INTEGER NOT NULL DEFAULT 0,
    "geocodingAttemptedAt" DATETIME,
    "surfaceM2" REAL NOT NULL,
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
    "state" TEXT NOT NULL DEFAULT 'DRAFT',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Premises_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesStateChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "premisesId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "actorUserId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "note" TEXT,
    "applicationId" TEXT,
    "conventionSignedOn" TEXT,
    CONSTRAINT "PremisesStateChange_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesPhoto" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "premisesId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "alt" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PremisesPhoto_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "premisesId" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "criteria" TEXT NOT NULL,
    "requiredDocuments" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PremisesCall_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesApplication" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "siretStatus" TEXT NOT NULL DEFAULT 'UNVERIFIED',
    "siretCheckAttempts" INTEGER NOT NULL DEFAULT 0,
    "siretCheckedAt" DATETIME,
    "siretData" TEXT,
    "status" TEXT NOT NULL DEFAULT 'SUBMITTED',
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PremisesApplication_callId_fkey" FOREIGN KEY ("callId") REFERENCES "PremisesCall" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PremisesApplication_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesScore" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "reviewerUserId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PremisesScore_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PremisesApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PremisesScore_reviewerUserId_fkey" FOREIGN KEY ("reviewerUserId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "winnerApplicationId" TEXT NOT NULL,
    "decidedByUserId" TEXT NOT NULL,
    "commonMessage" TEXT,
    "decidedAt" DATETIME NOT NULL,
    CONSTRAINT "PremisesDecision_callId_fkey" FOREIGN KEY ("callId") REFERENCES "PremisesCall" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesNeed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "kinds" TEXT NOT NULL,
    "surfaceMinM2" REAL NOT NULL,
    "surfaceMaxM2" REAL NOT NULL,
    "communes" TEXT NOT NULL,
    "budgetMaxCents" INTEGER NOT NULL,
    "availableFrom" TEXT NOT NULL,
    "sharedUseAcceptable" BOOLEAN NOT NULL DEFAULT false,
    "peopleCount" INTEGER NOT NULL,
    "accessibilityRequired" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PremisesNeed_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PremisesNeedMatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "needId" TEXT NOT NULL,
    "premisesId" TEXT NOT NULL,
    "notifiedAt" DATETIME NOT NULL,
    CONSTRAINT "PremisesNeedMatch_needId_fkey" FOREIGN KEY ("needId") REFERENCES "PremisesNeed" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PremisesNeedMatch_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

