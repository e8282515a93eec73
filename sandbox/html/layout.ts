export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Tagged template that escapes interpolations unless they are already markup. */
export class Markup {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

type Part = string | number | Markup | null | undefined | false | Part[]

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return ''
  if (Array.isArray(part)) return part.map(render).join('')
  if (part instanceof Markup) return part.text
  return escapeHtml(String(part))
}

export function h(strings: TemplateStringsArray, ...parts: Part[]): Markup {
  return new Markup(strings.reduce((out, chunk, index) => out + chunk + (index < parts.length ? render(parts[index]) : ''), ''))
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f0f2f5; color: #1c1e21; }
  header.banner { background: #1c1e21; color: #fff; padding: .5rem 1rem; font-size: .85rem; }
  header.banner a { color: #9ecbff; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  .card { background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 1.5rem; margin-bottom: 1rem; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  fieldset { border: 1px solid #dddfe2; border-radius: 8px; margin: 1rem 0; padding: .75rem 1rem; }
  legend { font-weight: 600; padding: 0 .25rem; }
  label { display: block; padding: .3rem 0; }
  .actions { display: flex; gap: .75rem; justify-content: flex-end; margin-top: 1.25rem; }
  button { font: inherit; border-radius: 6px; padding: .55rem 1.2rem; border: 1px solid #ccd0d5; background: #f5f6f7; cursor: pointer; }
  button.primary { background: #0866ff; border-color: #0866ff; color: #fff; }
  .muted { color: #65676b; font-size: .9rem; }
  .error { color: #b00020; }
  ul.posts { list-style: none; padding: 0; }
  ul.posts li { border-top: 1px solid #e4e6eb; padding: .75rem 0; }
  .post-text { white-space: pre-wrap; margin: .25rem 0; }
  img.media { max-width: 100%; border-radius: 8px; }
`

export function page(title: string, body: Markup, status = 'sandbox'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="banner" role="banner">Local Meta sandbox (${escapeHtml(status)}). Nothing here reaches Meta. <a href="/">All profiles and Pages</a></header>
<main>
${body.text}
</main>
</body>
</html>
`
}

export function errorPage(title: string, message: string): string {
  return page(title, h`<section class="card" role="alert"><h1>${title}</h1><p class="error">${message}</p></section>`)
}
