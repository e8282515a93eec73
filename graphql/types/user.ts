import { prisma } from '#app/.server/db.ts'
import { builder } from '../builder.ts'

builder.prismaObject('User', {
  description: 'A person who signs in to Duopost.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

builder.queryField('viewer', (t) =>
  t.prismaField({
    type: 'User',
    nullable: true,
    description: 'The signed-in user (or the owner of the access token), or null when signed out.',
    resolve: (query, _root, _args, context) =>
      context.viewer ? prisma.user.findUnique({ ...query, where: { id: context.viewer.id } }) : null,
  }),
)
