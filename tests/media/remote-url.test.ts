import { describe, expect, it } from 'vitest'
import { imageUrlProblem } from '#app/.server/media/remote-url.ts'
import { publicOnlyLookup } from '#app/.server/public-address.ts'

describe('image addresses Meta must not be sent to', () => {
  it.each([
    '[::127.0.0.1]',
    '[::7f00:1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[::ffff:169.254.169.254]',
    '[64:ff9b::a9fe:a9fe]',
    '[64:ff9b:1::a9fe:a9fe]',
    '[2002:7f00:1::]',
    '[2001::1]',
    '[100::1]',
    '[2001:db8::1]',
    '[3fff::1]',
    '[::]',
    '[::1]',
    '[fe80::1]',
    '[fd00::1]',
    '[ff02::1]',
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.7',
    '100.64.0.1',
    '255.255.255.255',
    '0.0.0.0',
    '127.1',
    '2130706433',
    '0x7f000001',
  ])('refuses https://%s', async (host) => {
    expect(await imageUrlProblem(`https://${host}/cat.png`)).toMatch(/private or local network/)
  })

  it.each(['8.8.8.8', '[2606:4700:4700::1111]', '[::ffff:8.8.8.8]'])('accepts the public address https://%s', async (host) => {
    expect(await imageUrlProblem(`https://${host}/cat.png`)).toBeNull()
  })
})

describe('downloads connect only to public addresses', () => {
  const resolve = (host: string) =>
    new Promise<string>((done, fail) =>
      publicOnlyLookup()(host, { all: false }, (error, address) =>
        error ? fail(error) : done(typeof address === 'string' ? address : JSON.stringify(address)),
      ),
    )

  it('refuses a name that resolves to this machine when connecting (a name re-pointed after the check)', async () => {
    await expect(resolve('localhost')).rejects.toThrow(/resolves only to private or local addresses/)
  })

  it('connects to a public address', async () => {
    expect(await resolve('8.8.8.8')).toBe('8.8.8.8')
  })

  it('createMediaFromUrl fails with a clear message for a name pointing inside', async () => {
    const { downloadMedia } = await import('#app/.server/media/download-media.ts')
    await expect(downloadMedia('nobody', 'https://localhost:1/cat.png')).rejects.toThrow(/private or local network/)
  })
})
