import { prisma } from '#app/.server/db.ts'
import { builder } from '../builder.ts'

builder.prismaObject('User', {
  description: 'A person who signs in to Duopost.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of the person.' }),
    email: t.exposeString('email', { description: 'The address they sign in with.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When they signed up.' }),
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
