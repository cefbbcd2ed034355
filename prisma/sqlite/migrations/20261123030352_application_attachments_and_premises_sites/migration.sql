-- CreateTable
CREATE TABLE "PremisesApplicationAttachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "documentId" TEXT,
    "fileName" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PremisesApplicationAttachment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PremisesApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "inseeCode" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "premisesId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Site_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Site_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Site" ("address", "city", "createdAt", "description", "id", "name", "organizationId", "postalCode", "updatedAt") SELECT "address", "city", "createdAt", "description", "id", "name", "organizationId", "postalCode", "updatedAt" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
CREATE UNIQUE INDEX "Site_premisesId_key" ON "Site"("premisesId");
CREATE INDEX "Site_organizationId_idx" ON "Site"("organizationId");
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
    "siretStatus" TEXT NOT NULL,
    "siretCheckAttempts" INTEGER NOT NULL DEFAULT 0,
    "siretCheckedAt" DATETIME,
    "siretData" TEXT,
    "status" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PremisesApplication_callId_fkey" FOREIGN KEY ("callId") REFERENCES "PremisesCall" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PremisesApplication_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PremisesApplication" ("activity", "callId", "desiredStart", "durationMonths", "id", "maxRentCents", "organizationId", "peopleInvolved", "project", "siret", "siretCheckAttempts", "siretCheckedAt", "siretData", "siretStatus", "socialUtilityStatement", "status", "submittedAt", "submittedByUserId") SELECT "activity", "callId", "desiredStart", "durationMonths", "id", "maxRentCents", "organizationId", "peopleInvolved", "project", "siret", "siretCheckAttempts", "siretCheckedAt", "siretData", "siretStatus", "socialUtilityStatement", "status", "submittedAt", "submittedByUserId" FROM "PremisesApplication";
DROP TABLE "PremisesApplication";
ALTER TABLE "new_PremisesApplication" RENAME TO "PremisesApplication";
CREATE INDEX "PremisesApplication_organizationId_idx" ON "PremisesApplication"("organizationId");
CREATE INDEX "PremisesApplication_siretStatus_idx" ON "PremisesApplication"("siretStatus");
CREATE UNIQUE INDEX "PremisesApplication_callId_organizationId_key" ON "PremisesApplication"("callId", "organizationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PremisesApplicationAttachment_path_key" ON "PremisesApplicationAttachment"("path");

-- CreateIndex
CREATE INDEX "PremisesApplicationAttachment_applicationId_idx" ON "PremisesApplicationAttachment"("applicationId");

