import { h, type Markup } from './layout.ts'

export interface PickerModel {
  title: string
  appName: string
  action: string
  hidden: Record<string, string>
  people: { id: string; label: string }[]
  emptyMessage: string
}

type PageChoice = { id: string; name: string }

/** The person's own Pages, then those they reach through each of their businesses. */
export interface PagePicker {
  own: PageChoice[]
  businesses: { name: string; pages: PageChoice[] }[]
}

export interface ConsentModel {
  title: string
  appName: string
  action: string
  hidden: Record<string, string>
  person: { id: string; label: string }
  switchUrl: string
  scopes: { name: string; description: string; choosable: boolean }[]
  /** Null when the dialog does not ask which Pages to share. */
  pages: PagePicker | null
  /** Why the person cannot approve; shows no Approve button. */
  blocked: string | null
  error: string | null
}

function hiddenInputs(values: Record<string, string>): Markup {
  return h`${Object.entries(values).map(([name, value]) => h`<input type="hidden" name="${name}" value="${value}">`)}`
}

export function pickerForm(model: PickerModel): Markup {
  if (model.people.length === 0) {
    return h`<section class="card"><h1>${model.title}</h1><p>${model.emptyMessage}</p></section>`
  }
  return h`<section class="card">
<h1>${model.title}</h1>
<p>Choose the sandbox person who is signing in to continue to <strong>${model.appName}</strong>.</p>
<form method="get" action="${model.action}">
${hiddenInputs(model.hidden)}
<fieldset><legend>Sign in as</legend>
${model.people.map((person) => h`<label><input type="radio" name="sandbox_person" value="${person.id}" required> ${person.label}</label>`)}
</fieldset>
<div class="actions"><button type="submit" class="primary">Continue</button></div>
</form>
</section>`
}

// Every Page, a business's included, is one `page_id` checkbox; none is ticked at first.
function pageBoxes(pages: PageChoice[]): Markup {
  return h`${pages.map((p) => h`<label><input type="checkbox" name="page_id" value="${p.id}"> ${p.name}</label>`)}`
}

function pagePicker(appName: string, picker: PagePicker): Markup {
  const none = picker.own.length === 0 && picker.businesses.every((business) => business.pages.length === 0)
  return h`<fieldset><legend>Choose the Pages ${appName} can access</legend>
${none ? h`<p class="muted">You do not manage any Pages.</p>` : null}
${pageBoxes(picker.own)}
${picker.businesses.map((business) => h`<fieldset class="business"><legend>${business.name}</legend>${pageBoxes(business.pages)}</fieldset>`)}
</fieldset>`
}

export function consentForm(model: ConsentModel): Markup {
  const scopeItems = model.scopes.map((scope) =>
    scope.choosable
      ? h`<label><input type="checkbox" name="scope_choice" value="${scope.name}" checked> ${scope.description} <span class="muted">(${scope.name})</span></label>`
      : h`<li>${scope.description} <span class="muted">(${scope.name})</span></li>`,
  )
  const anyChoosable = model.scopes.some((scope) => scope.choosable)
  return h`<section class="card">
<h1>${model.title}</h1>
<p>Signed in as <strong>${model.person.label}</strong>. <a href="${model.switchUrl}">Not you? Switch account</a></p>
${model.error ? h`<p class="error" role="alert">${model.error}</p>` : null}
<form method="post" action="${model.action}">
${hiddenInputs({ ...model.hidden, person_id: model.person.id })}
${
  anyChoosable
    ? h`<fieldset><legend>${model.appName} is requesting</legend>${scopeItems}</fieldset>`
    : h`<p><strong>${model.appName}</strong> will be able to:</p><ul>${scopeItems}</ul>`
}
${model.pages === null ? null : pagePicker(model.appName, model.pages)}
${model.blocked ? h`<p class="error" role="alert">${model.blocked}</p>` : null}
<div class="actions">
<button type="submit" name="decision" value="deny">Deny</button>
${model.blocked ? null : h`<button type="submit" name="decision" value="approve" class="primary">Approve</button>`}
</div>
</form>
</section>`
}
