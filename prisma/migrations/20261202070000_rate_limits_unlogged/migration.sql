-- Buckets are rewritten on every API request, and without WAL those writes wait for no flush.
-- Prisma does not model UNLOGGED, so this migration is its only record (see schema.prisma).
-- No semicolons in comments: @prisma/adapter-pg runs a migration split at every one.
ALTER TABLE "RateLimitBucket" SET UNLOGGED;
