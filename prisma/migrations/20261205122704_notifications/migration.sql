-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('post_failed', 'post_published', 'connection_needs_reconnect', 'connection_expiring');

-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('email', 'none');

-- CreateEnum
CREATE TYPE "NotificationEmailState" AS ENUM ('pending', 'sent', 'skipped');

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "userId" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "channel" "NotificationChannel" NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("userId","kind")
);

-- CreateTable
CREATE TABLE "NotificationEvent" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "payload" JSONB NOT NULL,
    "emailState" "NotificationEmailState" NOT NULL DEFAULT 'pending',
    "emailClaimedAt" TIMESTAMP(3),
    "emailSentAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScanCursor" (
    "name" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScanCursor_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "NotificationEvent_key_key" ON "NotificationEvent"("key");

-- CreateIndex
CREATE INDEX "NotificationEvent_emailState_createdAt_idx" ON "NotificationEvent"("emailState", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationEvent_userId_createdAt_idx" ON "NotificationEvent"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationEvent_kind_resolvedAt_idx" ON "NotificationEvent"("kind", "resolvedAt");

-- CreateIndex
CREATE INDEX "PublishTarget_updatedAt_idx" ON "PublishTarget"("updatedAt");

-- AddForeignKey
ALTER TABLE "NotificationPreference" ADD CONSTRAINT "NotificationPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationEvent" ADD CONSTRAINT "NotificationEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Notifications start from now: posts and incidents from before this migration are not announced.
INSERT INTO "ScanCursor" ("name", "at") VALUES ('notifications', CURRENT_TIMESTAMP);
