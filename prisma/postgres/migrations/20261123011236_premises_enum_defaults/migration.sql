-- AlterTable
ALTER TABLE "Premises" ALTER COLUMN "geocodingStatus" DROP DEFAULT,
ALTER COLUMN "state" DROP DEFAULT;

-- AlterTable
ALTER TABLE "PremisesApplication" ALTER COLUMN "siretStatus" DROP DEFAULT,
ALTER COLUMN "status" DROP DEFAULT;

-- AlterTable
ALTER TABLE "PremisesNeed" ALTER COLUMN "status" DROP DEFAULT;

