import { hash, verify } from '@node-rs/argon2'

// The library's algorithm default is argon2id. OWASP's floor is m=19 MiB, t=2, p=1; we go above it
// because a sign-in is rare and the hash is the last line of defence if the database leaks.
const OPTIONS = { memoryCost: 65_536, timeCost: 3, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Checking a password against this when the email is unknown keeps sign-in time the same
// whether or not the account exists, so timing does not reveal which emails are registered.
let decoyHash: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-that-never-matches')
  return decoyHash
}
