-- CreateIndex
CREATE INDEX "Invoice_scicId_issueDate_idx" ON "Invoice"("scicId", "issueDate");

