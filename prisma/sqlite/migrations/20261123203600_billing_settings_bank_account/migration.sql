-- AlterTable
ALTER TABLE "BillingSettings" ADD COLUMN "bic" TEXT;
ALTER TABLE "BillingSettings" ADD COLUMN "iban" TEXT;

