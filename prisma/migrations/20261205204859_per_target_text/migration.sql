-- AlterTable
ALTER TABLE "PublishTarget" ADD COLUMN     "text" TEXT;
