import { describe, expect, it } from 'vitest'
import { notificationPreferences } from '#app/.server/notifications/preferences.ts'
import { action, loader } from '#app/routes/settings.notifications.tsx'
import { signUp } from '#tests/auth/helpers.ts'
import { actionArgs, dataResult, formRequest, getRequest, loaderArgs, settle } from '#tests/utils.ts'

describe('/settings/notifications', () => {
  it('emails every kind by default and saves the choices of a plain form post', async () => {
    const { cookie, userId } = await signUp('prefs@example.com')
    const page = dataResult<{ preferences: Record<string, string>; unverified: boolean }>(
      await loader(loaderArgs(getRequest('/settings/notifications', cookie))),
    )
    expect(page.data.preferences).toEqual({
      post_failed: 'email',
      connection_needs_reconnect: 'email',
      connection_expiring: 'email',
      threads_quota_nearly_used: 'email',
    })
    expect(page.data.unverified).toBe(true)

    const saved = await settle(
      action(
        actionArgs(
          formRequest(
            '/settings/notifications',
            { post_failed: 'none', connection_needs_reconnect: 'email', connection_expiring: 'none', threads_quota_nearly_used: 'none' },
            { cookie },
          ),
        ),
      ),
    )
    expect(saved.headers.get('location')).toBe('/settings/notifications')
    expect(await notificationPreferences(userId)).toEqual({
      post_failed: 'none',
      connection_needs_reconnect: 'email',
      connection_expiring: 'none',
      threads_quota_nearly_used: 'none',
    })
  })

  it('sends a signed-out browser to log in', async () => {
    const response = await settle(loader(loaderArgs(getRequest('/settings/notifications'))))
    expect(response.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })
})
