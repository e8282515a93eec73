import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FEED_PARAMS, PHOTO_PARAMS } from '../../sandbox/facebook/publishing.ts'
import { VIDEO_PARAMS } from '../../sandbox/facebook/videos.ts'
import { metaFixture } from './helpers.ts'

interface Spec {
  apis: { method: string; endpoint: string; params: { name: string }[] }[]
}

function spec(name: string): Spec {
  return JSON.parse(readFileSync(metaFixture(`graph-specs/${name}`), 'utf8')) as Spec
}

function paramsOf(node: Spec, method: string, endpoint: string): string[] {
  const api = node.apis.find((candidate) => candidate.method === method && candidate.endpoint === endpoint)
  if (!api) throw new Error(`${method} ${endpoint} is not in the spec`)
  return api.params.map((param) => param.name)
}

describe("the sandbox's Page parameters against Meta's spec (graph-specs/Page.json)", () => {
  it('uses only parameter names Meta lists for POST /{page-id}/feed', () => {
    const known = paramsOf(spec('Page.json'), 'POST', 'feed')
    for (const name of FEED_PARAMS) expect(known, name).toContain(name)
  })

  it('uses only parameter names Meta lists for POST /{page-id}/photos', () => {
    const known = paramsOf(spec('Page.json'), 'POST', 'photos')
    for (const name of PHOTO_PARAMS) expect(known, name).toContain(name)
  })

  it('uses only parameter names Meta lists for POST /{page-id}/videos', () => {
    const known = paramsOf(spec('Page.json'), 'POST', 'videos')
    for (const name of VIDEO_PARAMS) expect(known, name).toContain(name)
  })

  it('serves the edges the specs define: GET feed, GET accounts, GET and DELETE permissions, GET businesses', () => {
    expect(paramsOf(spec('Page.json'), 'GET', 'feed')).toContain('limit')
    expect(() => paramsOf(spec('User.json'), 'GET', 'accounts')).not.toThrow()
    expect(() => paramsOf(spec('User.json'), 'GET', 'permissions')).not.toThrow()
    expect(paramsOf(spec('User.json'), 'DELETE', 'permissions')).toEqual(['permission'])
    expect(() => paramsOf(spec('User.json'), 'GET', 'businesses')).not.toThrow()
  })
})
