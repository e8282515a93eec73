import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core'
import type { GraphQLFieldResolver } from 'graphql'

/** How a connection field turns the `after` / `before` a client sent into the cursor its resolver reads. */
export type CursorReader = (cursor: string, argument: 'after' | 'before') => string

type CursorArgs = { after?: string | null; before?: string | null }

const pluginName = 'cursorReader'

/**
 * `t.prismaConnection` parses `after` / `before` itself, before any resolver of ours runs. A
 * connection field with `extensions: { readCursor }` gets its cursors through that reader first,
 * so it can accept cursors of an older form and refuse bad ones with a useful error.
 */
class CursorReaderPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const readCursor = fieldConfig.extensions?.readCursor as CursorReader | undefined
    if (!readCursor) return resolver
    return (parent, args: CursorArgs, context, info) =>
      resolver(
        parent,
        {
          ...args,
          ...(args.after ? { after: readCursor(args.after, 'after') } : {}),
          ...(args.before ? { before: readCursor(args.before, 'before') } : {}),
        },
        context,
        info,
      )
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      cursorReader: CursorReaderPlugin<Types>
    }
  }
}

// Pothos keeps plugins in one registry per copy of @pothos/core. A process that loads both this
// module and the built server bundle (the dashboard benchmark does) evaluates this file twice
// against that one registry; both copies are the same code, so the second may replace the first.
const allowed = SchemaBuilder.allowPluginReRegistration
SchemaBuilder.allowPluginReRegistration = true
SchemaBuilder.registerPlugin(pluginName, CursorReaderPlugin)
SchemaBuilder.allowPluginReRegistration = allowed

export default pluginName
