// Every test runs as if the server were in UTC, so nothing depends on the host's zone:
// all wall-clock logic must go through app/domain/time.ts (Europe/Paris) explicitly.
process.env.TZ = "UTC";
process.env.SESSION_SECRET ??= "test-session-secret-not-for-production";
