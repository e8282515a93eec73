import { createHmac } from 'node:crypto'

/**
 * The timestamped `appsecret_proof` of Meta's current Login Security page (meta-api.md §2.8):
 * hex HMAC-SHA256 keyed with the app secret over `<access token>|<unix seconds>`, sent together
 * with `appsecret_time`. Meta accepts it for 5 minutes, so it is computed for every call.
 */
export function appsecretProof(
  accessToken: string,
  appSecret: string,
  unixSeconds: number,
): { appsecret_proof: string; appsecret_time: string } {
  const time = String(Math.floor(unixSeconds))
  const proof = createHmac('sha256', appSecret).update(`${accessToken}|${time}`).digest('hex')
  return { appsecret_proof: proof, appsecret_time: time }
}
