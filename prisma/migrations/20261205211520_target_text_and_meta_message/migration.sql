-- AlterTable
ALTER TABLE "PublishTarget" ADD COLUMN     "errorMetaMessage" TEXT,
ADD COLUMN     "text" TEXT;
