-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'target_updated';
ALTER TYPE "NotificationKind" ADD VALUE 'threads_quota_nearly_used';

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "threadsQuotaCheckedAt" TIMESTAMP(3),
ADD COLUMN     "threadsQuotaTotal" INTEGER,
ADD COLUMN     "threadsQuotaUsed" INTEGER,
ADD COLUMN     "threadsQuotaWindowSeconds" INTEGER;

-- AlterTable
ALTER TABLE "NotificationEvent" ADD COLUMN     "emailMessageId" TEXT;

-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "messageId" TEXT;

-- CreateIndex
CREATE INDEX "Account_threadsQuotaCheckedAt_idx" ON "Account"("threadsQuotaCheckedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEmail_messageId_key" ON "OutboxEmail"("messageId");
