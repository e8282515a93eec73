-- One vocabulary, typed by the database (docs/decisions/017-one-vocabulary.md). Every row is kept:
-- strings become enums, unix seconds become a timestamp, and the duplicate id columns (which held
-- the same value as providerAccountId) are dropped after the rename.

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('threads', 'facebook');
CREATE TYPE "TargetErrorKind" AS ENUM ('transient', 'rate_limited', 'reconnect', 'permanent');
CREATE TYPE "TargetErrorAction" AS ENUM ('retry', 'wait', 'reconnect', 'fix_account', 'edit', 'contact_support');
CREATE TYPE "DeletionStatus" AS ENUM ('completed');

-- Account: provider → platform ('facebook-pages' was the Facebook Page value), one id per meaning,
-- one name per meaning (a Page's name was kept twice), the expiry as a timestamp, and the two
-- columns nothing ever wrote removed.
ALTER TABLE "Account" RENAME COLUMN "provider" TO "platform";
ALTER TABLE "Account" ALTER COLUMN "platform" TYPE "Platform"
  USING (CASE "platform" WHEN 'facebook-pages' THEN 'facebook' ELSE "platform" END)::"Platform";
ALTER TABLE "Account" RENAME COLUMN "providerAccountId" TO "platformAccountId";
ALTER TABLE "Account" ADD COLUMN "tokenExpiresAt" TIMESTAMP(3);
UPDATE "Account" SET "tokenExpiresAt" = to_timestamp("expires_at") AT TIME ZONE 'UTC' WHERE "expires_at" IS NOT NULL;
UPDATE "Account" SET "displayName" = "pageName" WHERE "pageName" IS NOT NULL;
ALTER TABLE "Account" DROP COLUMN "expires_at",
  DROP COLUMN "pageName",
  DROP COLUMN "refresh_token",
  DROP COLUMN "instagramId",
  DROP COLUMN "pageId",
  DROP COLUMN "threadsUserId";
ALTER INDEX "Account_provider_providerAccountId_idx" RENAME TO "Account_platform_platformAccountId_idx";
ALTER INDEX "Account_userId_provider_providerAccountId_key" RENAME TO "Account_userId_platform_platformAccountId_key";
ALTER INDEX "Account_provider_metaUserId_idx" RENAME TO "Account_platform_metaUserId_idx";

-- OAuthState
ALTER TABLE "OAuthState" RENAME COLUMN "provider" TO "platform";
ALTER TABLE "OAuthState" ALTER COLUMN "platform" TYPE "Platform" USING "platform"::"Platform";

-- PublishTarget
ALTER TABLE "PublishTarget" ALTER COLUMN "platform" TYPE "Platform" USING "platform"::"Platform";
ALTER TABLE "PublishTarget" RENAME COLUMN "providerAccountId" TO "platformAccountId";
ALTER TABLE "PublishTarget" RENAME COLUMN "providerPostId" TO "platformPostId";
ALTER TABLE "PublishTarget" ALTER COLUMN "errorKind" TYPE "TargetErrorKind" USING "errorKind"::"TargetErrorKind";
ALTER TABLE "PublishTarget" ALTER COLUMN "errorAction" TYPE "TargetErrorAction" USING "errorAction"::"TargetErrorAction";
ALTER INDEX "PublishTarget_postId_platform_providerAccountId_key" RENAME TO "PublishTarget_postId_platform_platformAccountId_key";

-- DataDeletionRequest
ALTER TABLE "DataDeletionRequest" RENAME COLUMN "provider" TO "platform";
ALTER TABLE "DataDeletionRequest" ALTER COLUMN "platform" TYPE "Platform" USING "platform"::"Platform";
ALTER TABLE "DataDeletionRequest" RENAME COLUMN "providerUserId" TO "metaUserId";
ALTER TABLE "DataDeletionRequest" ALTER COLUMN "status" TYPE "DeletionStatus" USING "status"::"DeletionStatus";
