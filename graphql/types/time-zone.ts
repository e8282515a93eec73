import { setTimeZone } from '#app/.server/auth/time-zone.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import { builder } from '../builder.ts'

builder.prismaObjectField('User', 'timeZone', (t) =>
  t.exposeString('timeZone', {
    description:
      'The IANA time zone ("Europe/Berlin") the dashboard shows and takes times in. The API always speaks ISO-8601 with an offset.',
  }),
)

const UpdateTimeZoneInput = builder.inputType('UpdateTimeZoneInput', {
  description: 'Input of updateTimeZone.',
  fields: (t) => ({ timeZone: t.string({ required: true, description: 'An IANA time zone name, such as Europe/Berlin.' }) }),
})

builder.mutationField('updateTimeZone', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).prismaField({
    type: 'User',
    description: 'Sets the time zone the dashboard shows and takes times in.',
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: UpdateTimeZoneInput, required: true, description: 'The new zone.' }) },
    resolve: (query, _root, { input }, context) => setTimeZone(context.viewer.id, input.timeZone, query),
  }),
)
