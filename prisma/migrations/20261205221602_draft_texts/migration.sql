-- AlterTable
ALTER TABLE "Draft" ADD COLUMN     "facebookText" TEXT,
ADD COLUMN     "pageTexts" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "threadsText" TEXT;
