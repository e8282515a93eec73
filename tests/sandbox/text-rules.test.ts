import { describe, expect, it } from 'vitest'
import { threadsTextLength, uniqueLinks } from '../../sandbox/threads/text-rules.ts'

describe('Threads text rules', () => {
  it('counts characters once and emojis as their UTF-8 bytes', () => {
    expect(threadsTextLength('hello')).toBe(5)
    expect(threadsTextLength('olá 日本')).toBe(6)
    expect(threadsTextLength('👍')).toBe(4)
    expect(threadsTextLength('👍🏽')).toBe(8)
    expect(threadsTextLength('👨‍👩‍👧')).toBe(18)
    expect(threadsTextLength('🇧🇷')).toBe(8)
  })

  it('finds unique links in text and the link attachment', () => {
    expect(uniqueLinks('see https://a.example/x, www.b.example and https://A.example/x.', null)).toEqual(['a.example/x', 'b.example'])
    expect(uniqueLinks('https://a.example/', 'https://a.example')).toEqual(['a.example'])
    expect(uniqueLinks(null, 'https://c.example/page')).toEqual(['c.example/page'])
    expect(uniqueLinks('no links here', null)).toEqual([])
  })
})
