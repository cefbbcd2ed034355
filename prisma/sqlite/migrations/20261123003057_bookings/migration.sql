-- CreateTable
CREATE TABLE "BookingSeries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "spaceId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "createdById" TEXT,
    "title" TEXT NOT NULL,
    "seats" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL,
    "localStart" TEXT NOT NULL,
    "localEnd" TEXT NOT NULL,
    "rrule" TEXT,
    "materializedUntil" DATETIME NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "splitFromId" TEXT,
    "decisionReason" TEXT,
    "decidedAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BookingSeries_spaceId_fkey" FOREIGN KEY ("spaceId") REFERENCES "Space" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BookingSeries_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BookingSeries_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Occurrence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seriesId" TEXT NOT NULL,
    "spaceId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "recurrenceId" TEXT NOT NULL,
    "localStart" TEXT NOT NULL,
    "localEnd" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "blockedUntil" DATETIME NOT NULL,
    "seats" INTEGER NOT NULL,
    "exclusive" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "modified" BOOLEAN NOT NULL DEFAULT false,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" DATETIME,
    "lateCancellation" BOOLEAN NOT NULL DEFAULT false,
    "skippedReason" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Occurrence_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "BookingSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Occurrence_spaceId_fkey" FOREIGN KEY ("spaceId") REFERENCES "Space" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Occurrence_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "organizationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Notification_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BookingSeries_organizationId_idx" ON "BookingSeries"("organizationId");

-- CreateIndex
CREATE INDEX "BookingSeries_spaceId_idx" ON "BookingSeries"("spaceId");

-- CreateIndex
CREATE INDEX "BookingSeries_materializedUntil_idx" ON "BookingSeries"("materializedUntil");

-- CreateIndex
CREATE INDEX "Occurrence_spaceId_startsAt_idx" ON "Occurrence"("spaceId", "startsAt");

-- CreateIndex
CREATE INDEX "Occurrence_organizationId_startsAt_idx" ON "Occurrence"("organizationId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Occurrence_seriesId_recurrenceId_key" ON "Occurrence"("seriesId", "recurrenceId");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_organizationId_createdAt_idx" ON "Notification"("organizationId", "createdAt");

