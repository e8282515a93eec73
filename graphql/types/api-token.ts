import { ApiTokenNotFoundError, createApiToken, listApiTokens, revokeApiToken, type ApiTokenInfo } from '#app/.server/auth/api-tokens.ts'
import { confirmPassword } from '#app/.server/auth/users.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'
import { inputOrLooseArguments } from '../mutation-input.ts'

const ApiScope = builder.enumType('ApiScope', {
  description:
    'What an access token may do. READ: query your connections and posts. PUBLISH: publish and retry posts. CONNECTIONS: connect and disconnect accounts. WEBHOOKS: manage webhook endpoints.',
  values: {
    READ: { value: 'read', description: 'Query your connections and posts, and follow a post live.' },
    PUBLISH: { value: 'publish', description: 'Publish, schedule, retry and cancel posts.' },
    CONNECTIONS: { value: 'connections', description: 'Connect and disconnect accounts.' },
    WEBHOOKS: { value: 'webhooks', description: 'List, add, change and delete webhook endpoints, see their deliveries and replay them.' },
  } as const,
})

const ApiTokenRef = builder.objectRef<ApiTokenInfo>('ApiToken').implement({
  description: 'A personal access token for this API. Its secret is shown once, when it is created, and never again.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of the token (use it with revokeApiToken).' }),
    name: t.exposeString('name', { description: 'What the person called it, e.g. the program that uses it.' }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret (e.g. "dp_Ab12cD3"), to tell tokens apart.' }),
    scopes: t.field({ type: [ApiScope], description: 'What it may do.', resolve: (token) => token.scopes }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Updated at most once a minute.',
      resolve: (token) => token.lastUsedAt,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Null when the token does not expire.',
      resolve: (token) => token.expiresAt,
    }),
    expired: t.boolean({
      description: 'Whether expiresAt has passed.',
      resolve: (token) => token.expiresAt !== null && token.expiresAt.getTime() <= Date.now(),
    }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was revoked.', resolve: (token) => token.revokedAt }),
  }),
})

builder.objectType(ApiTokenNotFoundError, {
  name: 'ApiTokenNotFoundError',
  description: 'No token of yours has that id.',
  interfaces: [ErrorInterface],
})

builder.queryField('apiTokens', (t) =>
  t.withAuth({ session: true }).field({
    type: [ApiTokenRef],
    description: 'Your access tokens that are not revoked, newest first. Only a signed-in browser session may list them.',
    resolve: (_root, _args, context) => listApiTokens(context.viewer.id),
  }),
)

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  description: 'Input of createApiToken.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Up to 100 characters.' }),
    scopes: t.field({ type: [ApiScope], required: true, description: 'At least one.' }),
    expiresAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'When it stops working; omit it for a token that does not expire.',
    }),
    password: t.string({
      required: true,
      description: "The signed-in person's password, asked again: a token outlives the session, so a stolen session alone cannot mint one.",
    }),
  }),
})

const CreatedApiToken = builder.objectRef<{ token: ApiTokenInfo; secret: string }>('CreatedApiToken').implement({
  description: 'The new token, and its secret this once.',
  fields: (t) => ({
    apiToken: t.field({ type: ApiTokenRef, description: 'The token as the list shows it.', resolve: (created) => created.token }),
    secret: t.exposeString('secret', {
      description: 'The token to send as "Authorization: Bearer <secret>". Shown this once: Duopost keeps only a hash of it.',
    }),
  }),
})

builder.mutationField('createApiToken', (t) =>
  t.withAuth({ session: true }).field({
    type: CreatedApiToken,
    description: 'Creates a personal access token. Only a signed-in browser session may: a token cannot create tokens.',
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true, description: 'The new token.' }) },
    resolve: async (_root, { input: { password, ...input } }, context) => {
      await confirmPassword(context.viewer.id, password)
      return createApiToken(context.viewer.id, input)
    },
  }),
)

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', {
  description: 'Input of revokeApiToken.',
  fields: (t) => ({ id: t.id({ required: true, description: 'ApiToken.id' }) }),
})

builder.mutationField('revokeApiToken', (t) =>
  t.withAuth({ session: true }).field({
    type: ApiTokenRef,
    description: 'Revokes one of your access tokens: its next request is refused. Only a signed-in browser session may.',
    errors: { types: [ApiTokenNotFoundError, InvalidInputError] },
    args: {
      input: t.arg({ type: RevokeApiTokenInput, required: false, description: 'Which token.' }),
      id: t.arg.id({ required: false, description: 'ApiToken.id', deprecationReason: 'Use input.id.' }),
    },
    resolve: (_root, { input, ...loose }, context) => {
      const { id } = inputOrLooseArguments(input, loose, ['id'])
      return revokeApiToken(context.viewer.id, String(id))
    },
  }),
)
