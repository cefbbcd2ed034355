-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "inseeCode" TEXT,
ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION,
ADD COLUMN     "premisesId" TEXT;

-- AlterTable
ALTER TABLE "PremisesApplication" DROP COLUMN "attachments";

-- CreateTable
CREATE TABLE "PremisesApplicationAttachment" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "documentId" TEXT,
    "fileName" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PremisesApplicationAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PremisesApplicationAttachment_path_key" ON "PremisesApplicationAttachment"("path");

-- CreateIndex
CREATE INDEX "PremisesApplicationAttachment_applicationId_idx" ON "PremisesApplicationAttachment"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Site_premisesId_key" ON "Site"("premisesId");

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_premisesId_fkey" FOREIGN KEY ("premisesId") REFERENCES "Premises"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PremisesApplicationAttachment" ADD CONSTRAINT "PremisesApplicationAttachment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PremisesApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

