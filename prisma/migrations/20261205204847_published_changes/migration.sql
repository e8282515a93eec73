-- CreateEnum
CREATE TYPE "TargetChangeKind" AS ENUM ('edit', 'delete');

-- CreateEnum
CREATE TYPE "TargetChangeStatus" AS ENUM ('sending', 'done', 'failed');

-- AlterTable
ALTER TABLE "PublishTarget" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "editedText" TEXT;

-- CreateTable
CREATE TABLE "TargetChange" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "kind" "TargetChangeKind" NOT NULL,
    "text" TEXT,
    "status" "TargetChangeStatus" NOT NULL DEFAULT 'sending',
    "errorMessage" TEXT,
    "metaMessage" TEXT,
    "errorAction" "TargetErrorAction",
    "errorCode" INTEGER,
    "errorSubcode" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "TargetChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TargetChange_targetId_createdAt_idx" ON "TargetChange"("targetId", "createdAt");

-- AddForeignKey
ALTER TABLE "TargetChange" ADD CONSTRAINT "TargetChange_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "PublishTarget"("id") ON DELETE CASCADE ON UPDATE CASCADE;
