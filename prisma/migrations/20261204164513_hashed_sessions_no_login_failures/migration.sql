-- DropTable
DROP TABLE "LoginFailure";

-- Sessions are found by the sha256 of the cookie's secret from now on (sessions.ts), so that a
-- copy of the database cannot be replayed as a login. Hashing the existing ids keeps everyone
-- signed in: their cookies still carry the old id, which is now the secret.
UPDATE "Session" SET "id" = encode(sha256(convert_to("id", 'UTF8')), 'hex');
