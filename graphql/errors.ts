import { ConnectionNotFoundError } from '#app/.server/accounts/disconnect.ts'
import { PlatformNotConfiguredError } from '#app/.server/accounts/oauth-flow.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import { PostNotFoundError } from '#app/.server/publishing/publish-post.ts'
import { builder } from './builder.ts'

// Expected failures are data: each is an object type implementing `Error`, listed on the fields
// that can produce it. Anything else thrown stays masked as "Unexpected error.".

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'A failure the client can show or act on.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'What went wrong and what to do, in plain words.' }) }),
})

const InputIssueRef = builder.objectRef<{ field: string; message: string }>('InputIssue').implement({
  description: 'One input field that was not acceptable.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field, e.g. "content.text".' }),
    message: t.exposeString('message', { description: 'What is wrong with it and what to send instead.' }),
  }),
})

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'Some input was not acceptable; `issues` names each field and what to change.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({ type: [InputIssueRef], description: 'Every problem found, not only the first.', resolve: (error) => error.issues }),
  }),
})

builder.objectType(ConnectionNotFoundError, {
  name: 'NotFoundError',
  description: 'Nothing with that id exists among your own things.',
  interfaces: [ErrorInterface],
})

builder.objectType(PlatformNotConfiguredError, {
  name: 'NotConfiguredError',
  description: 'This Duopost server has no Meta app configured for that provider.',
  interfaces: [ErrorInterface],
})

builder.objectType(PostNotFoundError, {
  name: 'PostNotFoundError',
  description: 'No post of yours has that id.',
  interfaces: [ErrorInterface],
})
