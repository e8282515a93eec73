-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "metaUserId" TEXT;

-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "startedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PublishTarget" ADD COLUMN     "jobId" TEXT;

-- CreateIndex
CREATE INDEX "Account_provider_metaUserId_idx" ON "Account"("provider", "metaUserId");
