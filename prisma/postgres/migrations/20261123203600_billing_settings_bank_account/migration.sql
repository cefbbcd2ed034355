-- AlterTable
ALTER TABLE "BillingSettings" ADD COLUMN     "bic" TEXT,
ADD COLUMN     "iban" TEXT;

