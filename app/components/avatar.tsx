import { useEffect, useRef, useState } from 'react'

function initials(name: string): string {
  const letters = name
    .replace(/^@/, '')
    .split(/[\s._-]+/)
    .filter(Boolean)
    .map((part) => [...part][0]!.toUpperCase())
  return letters.slice(0, 2).join('') || '?'
}

/**
 * A profile or Page picture, decorative next to the name it belongs to. Meta's picture addresses
 * expire, so a picture that fails to load gives way to the name's initials.
 */
export function Avatar({ url, name, size = 40 }: { url: string | null; name: string; size?: number }) {
  const [failed, setFailed] = useState(false)
  const image = useRef<HTMLImageElement>(null)
  // A picture that failed before React took over the page fired its error event unheard.
  useEffect(() => {
    if (image.current?.complete && image.current.naturalWidth === 0) setFailed(true)
  }, [])
  const style = { width: size, height: size }
  if (!url || failed) {
    return (
      <span className="avatar avatar-initials" style={style} aria-hidden="true">
        {initials(name)}
      </span>
    )
  }
  return <img ref={image} className="avatar" src={url} alt="" width={size} height={size} style={style} onError={() => setFailed(true)} />
}
