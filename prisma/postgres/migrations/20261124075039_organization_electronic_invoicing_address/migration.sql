-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "electronicInvoicingAddress" TEXT;

