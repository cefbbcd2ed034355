-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Premises" (
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
    "geocodingStatus" TEXT NOT NULL,
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
    "state" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Premises_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Premises" ("accessibility", "addressLine", "availableFrom", "availableUntil", "chargesCents", "commune", "condition", "createdAt", "description", "domain", "geocodingAttemptedAt", "geocodingAttempts", "geocodingStatus", "id", "inseeCode", "insuranceRequired", "kind", "latitude", "levels", "longitude", "occupationType", "organizationId", "otherConditions", "postalCode", "rentCents", "socialUtilityReductionPercent", "state", "surfaceM2", "title", "updatedAt", "utilities", "visits", "worksAllowed") SELECT "accessibility", "addressLine", "availableFrom", "availableUntil", "chargesCents", "commune", "condition", "createdAt", "description", "domain", "geocodingAttemptedAt", "geocodingAttempts", "geocodingStatus", "id", "inseeCode", "insuranceRequired", "kind", "latitude", "levels", "longitude", "occupationType", "organizationId", "otherConditions", "postalCode", "rentCents", "socialUtilityReductionPercent", "state", "surfaceM2", "title", "updatedAt", "utilities", "visits", "worksAllowed" FROM "Premises";
DROP TABLE "Premises";
ALTER TABLE "new_Premises" RENAME TO "Premises";
CREATE INDEX "Premises_organizationId_state_idx" ON "Premises"("organizationId", "state");
CREATE INDEX "Premises_state_idx" ON "Premises"("state");
CREATE INDEX "Premises_geocodingStatus_idx" ON "Premises"("geocodingStatus");
CREATE TABLE "new_PremisesApplication" (
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
    "siretStatus" TEXT NOT NULL,
    "siretCheckAttempts" INTEGER NOT NULL DEFAULT 0,
    "siretCheckedAt" DATETIME,
    "siretData" TEXT,
    "status" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PremisesApplication_callId_fkey" FOREIGN KEY ("callId") REFERENCES "PremisesCall" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PremisesApplication_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PremisesApplication" ("activity", "attachments", "callId", "desiredStart", "durationMonths", "id", "maxRentCents", "organizationId", "peopleInvolved", "project", "siret", "siretCheckAttempts", "siretCheckedAt", "siretData", "siretStatus", "socialUtilityStatement", "status", "submittedAt", "submittedByUserId") SELECT "activity", "attachments", "callId", "desiredStart", "durationMonths", "id", "maxRentCents", "organizationId", "peopleInvolved", "project", "siret", "siretCheckAttempts", "siretCheckedAt", "siretData", "siretStatus", "socialUtilityStatement", "status", "submittedAt", "submittedByUserId" FROM "PremisesApplication";
DROP TABLE "PremisesApplication";
ALTER TABLE "new_PremisesApplication" RENAME TO "PremisesApplication";
CREATE INDEX "PremisesApplication_organizationId_idx" ON "PremisesApplication"("organizationId");
CREATE INDEX "PremisesApplication_siretStatus_idx" ON "PremisesApplication"("siretStatus");
CREATE UNIQUE INDEX "PremisesApplication_callId_organizationId_key" ON "PremisesApplication"("callId", "organizationId");
CREATE TABLE "new_PremisesNeed" (
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
    "status" TEXT NOT NULL,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PremisesNeed_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PremisesNeed" ("accessibilityRequired", "availableFrom", "budgetMaxCents", "closedAt", "communes", "createdAt", "description", "id", "kinds", "organizationId", "peopleCount", "sharedUseAcceptable", "status", "surfaceMaxM2", "surfaceMinM2", "updatedAt") SELECT "accessibilityRequired", "availableFrom", "budgetMaxCents", "closedAt", "communes", "createdAt", "description", "id", "kinds", "organizationId", "peopleCount", "sharedUseAcceptable", "status", "surfaceMaxM2", "surfaceMinM2", "updatedAt" FROM "PremisesNeed";
DROP TABLE "PremisesNeed";
ALTER TABLE "new_PremisesNeed" RENAME TO "PremisesNeed";
CREATE INDEX "PremisesNeed_organizationId_status_idx" ON "PremisesNeed"("organizationId", "status");
CREATE INDEX "PremisesNeed_status_idx" ON "PremisesNeed"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

