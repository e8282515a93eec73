import { prisma } from '../db.ts'
import { errorFields, logEvent } from '../log.ts'
import { mediaStore, type MediaStore } from './media-store.ts'

/**
 * Deletes a person's media when their account goes: the rows are assumed gone or going with the
 * user (they cascade), so the ids are read first and the bytes removed after `deleteRows` ran, in
 * the same order as retention: nothing is ever served without its bytes. Bytes whose removal fails
 * are logged and left behind; no row refers to them any more.
 */
export async function removeUserMediaWith(
  userId: string,
  deleteRows: () => Promise<unknown>,
  store: MediaStore = mediaStore(),
): Promise<number> {
  const ids = (await prisma.media.findMany({ where: { userId }, select: { id: true } })).map((row) => row.id)
  await deleteRows()
  for (const id of ids) {
    await store.remove(id).catch((error: unknown) => logEvent('error', 'media.remove_failed', { mediaId: id, ...errorFields(error) }))
  }
  return ids.length
}
