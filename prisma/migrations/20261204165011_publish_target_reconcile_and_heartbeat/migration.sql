-- AlterTable
ALTER TABLE "PublishTarget" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "reconcileFrom" TIMESTAMP(3);

-- Targets interrupted mid-send, or whose answer was lost, before reconcileFrom existed: their
-- send's outcome is unknown, so they are reconciled from when it started.
UPDATE "PublishTarget" SET "reconcileFrom" = "stepStartedAt" WHERE "status" IN ('publishing', 'unconfirmed') AND "stepStartedAt" IS NOT NULL;
