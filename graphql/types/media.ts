import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { GraphQLError } from 'graphql'
import { prisma } from '#app/.server/db.ts'
import { downloadMedia } from '#app/.server/media/download-media.ts'
import { ingestUpload, MediaUploadError } from '#app/.server/media/ingest.ts'
import { mediaUrl } from '#app/.server/media/media-view.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'
import { PostRef } from './post.ts'

builder.scalarType('File', {
  description: 'A file sent with the GraphQL multipart request spec (a form field of the request, mapped to this variable).',
  serialize: () => {
    throw new GraphQLError('File is an input only.')
  },
  parseValue: (value) => {
    if (value instanceof File) return value
    throw new GraphQLError('Send the file as a part of a multipart/form-data request and map it to this variable.')
  },
})

builder.objectType(MediaUploadError, {
  name: 'MediaUploadError',
  description: 'The file cannot become a media item (its content is no supported type, it is empty or too large); the message names it.',
  interfaces: [ErrorInterface],
})

const MediaKind = builder.enumType('MediaKind', {
  description: 'What a media item is, as read from its content.',
  values: { IMAGE: { value: 'image', description: 'A photo or picture.' }, VIDEO: { value: 'video', description: 'A video.' } } as const,
})

export const MediaRef = builder.prismaObject('Media', {
  description:
    'A picture or video you uploaded (or had Duopost download), checked by its content. Use its id in publishPost(input: { media }).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of the item; also the last part of its url.' }),
    kind: t.field({ type: MediaKind, description: 'Image or video.', resolve: (media) => media.kind }),
    mimeType: t.exposeString('mimeType', { description: 'The type read from the bytes, e.g. image/jpeg or video/mp4.' }),
    sizeBytes: t.int({ description: 'Size in bytes.', resolve: (media) => Number(media.sizeBytes) }),
    width: t.int({ nullable: true, description: 'Width in pixels, when known.', resolve: (media) => media.width }),
    height: t.int({ nullable: true, description: 'Height in pixels, when known.', resolve: (media) => media.height }),
    durationMs: t.int({ nullable: true, description: 'A video’s length in milliseconds.', resolve: (media) => media.durationMs }),
    fileName: t.string({ nullable: true, description: 'The name the file was uploaded with.', resolve: (media) => media.fileName }),
    url: t.string({
      description: 'Where the bytes are served (APP_URL/media/<id>): public to anyone who knows it, as Threads needs.',
      resolve: (media) => mediaUrl(media.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was uploaded.' }),
  }),
})

type PostMediaShape = { position: number; altText: string | null; media: { id: string } | null; url: string; kind: 'image' | 'video' }

const PostMediaItem = builder.objectRef<PostMediaShape>('PostMediaItem').implement({
  description: 'One media item of a post, in order, with the alt text written for this post.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Its place in the post, from 0.' }),
    kind: t.field({ type: MediaKind, description: 'Image or video.', resolve: (item) => item.kind }),
    url: t.exposeString('url', { description: 'Where Meta fetches it from.' }),
    altText: t.string({ nullable: true, description: 'Alt text for screen readers.', resolve: (item) => item.altText }),
    media: t.prismaField({
      type: 'Media',
      nullable: true,
      description: 'The uploaded item; null for a post made with the deprecated imageUrl.',
      resolve: (query, item) => (item.media ? prisma.media.findUnique({ ...query, where: { id: item.media.id } }) : null),
    }),
  }),
})

builder.prismaObjectField(PostRef, 'media', (t) =>
  t.field({
    type: [PostMediaItem],
    description: 'The images and videos of the post, in order (imageUrl appears here as one remote image).',
    select: { imageUrl: true, media: { orderBy: { position: 'asc' }, include: { media: { select: { id: true, kind: true } } } } },
    resolve: (post): PostMediaShape[] => {
      if (post.media.length === 0 && post.imageUrl) return [{ position: 0, altText: null, media: null, url: post.imageUrl, kind: 'image' }]
      return post.media.map((row) => ({
        position: row.position,
        altText: row.altText,
        media: row.media,
        url: mediaUrl(row.media.id),
        kind: row.media.kind,
      }))
    },
  }),
)

type Stored = { media: Awaited<ReturnType<typeof ingestUpload>> }

const UploadMediaResult = builder.objectRef<Stored>('UploadMediaResult').implement({
  description: 'The stored media item.',
  fields: (t) => ({ media: t.field({ type: MediaRef, description: 'Use its id in publishPost.', resolve: (result) => result.media }) }),
})

const UploadMediaInput = builder.inputType('UploadMediaInput', {
  description: 'Input of uploadMedia.',
  fields: (t) => ({
    file: t.field({
      type: 'File',
      required: false,
      description: 'The file, as a part of the multipart request. Without it the answer is a MediaUploadError.',
    }),
  }),
})

builder.mutationField('uploadMedia', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: UploadMediaResult,
    description:
      'Uploads one picture or video (GraphQL multipart request spec). Its type is read from its content; docs/api.md has the limits.',
    errors: { types: [MediaUploadError] },
    args: { input: t.arg({ type: UploadMediaInput, required: true, description: 'The file.' }) },
    resolve: async (_root, { input }, context) => {
      if (!input.file) throw new MediaUploadError('No file arrived: send it as a part of a multipart request mapped to input.file.')
      const body = Readable.fromWeb(input.file.stream() as unknown as WebReadableStream<Uint8Array>)
      return { media: await ingestUpload({ userId: context.viewer.id, fileName: input.file.name || null, body }) }
    },
  }),
)

const CreateMediaFromUrlInput = builder.inputType('CreateMediaFromUrlInput', {
  description: 'Input of createMediaFromUrl.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'A public https address of a JPEG, PNG, GIF, BMP, TIFF, MP4 or MOV file.' }),
  }),
})

builder.mutationField('createMediaFromUrl', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: UploadMediaResult,
    description: 'Downloads a picture or video from a public https address and keeps it as a media item, checked like an upload.',
    errors: { types: [MediaUploadError] },
    args: { input: t.arg({ type: CreateMediaFromUrlInput, required: true, description: 'The address.' }) },
    resolve: async (_root, { input }, context) => ({ media: await downloadMedia(context.viewer.id, input.url) }),
  }),
)

builder.queryField('mediaItems', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).prismaField({
    type: ['Media'],
    description: 'Your media items with these ids, in the order asked; ids that are not yours are left out.',
    args: { ids: t.arg.idList({ required: true, description: 'Media.id values.' }) },
    resolve: async (query, _root, { ids }, context) => {
      const wanted = ids.map(String)
      const rows = await prisma.media.findMany({ ...query, where: { id: { in: wanted }, userId: context.viewer.id } })
      return wanted.flatMap((id) => rows.find((row) => row.id === id) ?? [])
    },
  }),
)
