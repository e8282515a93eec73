import { z } from 'zod'

// Response shapes both Meta APIs share. Only the fields Duopost reads are declared; Meta adds
// fields freely, and those are dropped rather than rejected.

/** Meta ids arrive as strings, or as numbers (exact strings when beyond 2^53, see meta-json.ts). */
export const metaId = z.union([z.string().min(1), z.number().int()]).transform(String)

export const createdObject = z.object({ id: metaId }).transform(({ id }) => ({ id }))

const grant = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() })

/** A token exchange answer whose lifetime Meta always states (the Threads long-lived tokens). */
export const expiringTokenGrant = grant.transform((t) => ({ accessToken: t.access_token, expiresIn: t.expires_in }))

/** A token exchange answer that may omit the lifetime (Facebook leaves it out for some tokens). */
export const tokenGrant = grant.partial({ expires_in: true }).transform((t) => ({ accessToken: t.access_token, expiresIn: t.expires_in }))

/** Unix seconds, where Meta writes 0 for "never": null then. */
const expiry = z
  .number()
  .int()
  .optional()
  .transform((seconds) => (seconds ? new Date(seconds * 1000) : null))

/** debug_token's answer, the same on Graph and Threads (meta-api.md §1.6, §2.7). */
export const tokenInfo = z
  .object({
    data: z.object({
      is_valid: z.boolean(),
      type: z.string().optional(),
      app_id: metaId.optional(),
      user_id: metaId.optional(),
      expires_at: expiry,
      data_access_expires_at: expiry,
      scopes: z.array(z.string()).default([]),
    }),
  })
  .transform(({ data }) => ({
    isValid: data.is_valid,
    type: data.type,
    appId: data.app_id,
    userId: data.user_id,
    expiresAt: data.expires_at,
    dataAccessExpiresAt: data.data_access_expires_at,
    scopes: data.scopes,
  }))

export type MetaTokenInfo = z.output<typeof tokenInfo>
