/**
 * The branding page (issue 15): the account's business profile and colours, read and changed through
 * `AccountProfiles`, the use case of `GET` and `POST /v1/account`, with the same checks (a refusal
 * names the parameter). Below the form, what the Contrast rules make of the primary colour: the text
 * colour buttons take on it, and whether links may take it on the page's light background.
 */
import { type AccountProfile, AccountProfiles, Audit, Contrast, UpdateAccountParams, Validation } from "@till/core"
import { Effect } from "effect"
import type { Route } from "../Endpoint.ts"
import { escape } from "../pages/Html.ts"
import { audited, auditSection } from "./Audited.ts"
import * as Frame from "./Frame.ts"
import * as Layout from "./Layout.ts"
import { type Key, t } from "./Messages.ts"
import { flashBox } from "./Paging.ts"
import { type SignedIn, urlOf } from "./SignedIn.ts"
import * as Viewer from "./Viewer.ts"

const PATH = "/dashboard/branding"

/** The form's fields: the parameter each sets, its label, its input type. */
const PROFILE_FIELDS: ReadonlyArray<readonly [keyof AccountProfile["business_profile"], Key, string]> = [
  ["name", "branding.name", "text"],
  ["support_email", "branding.supportEmail", "email"],
  ["support_phone", "branding.supportPhone", "tel"],
  ["support_url", "branding.supportUrl", "url"],
  ["url", "branding.url", "url"],
  ["terms_of_service_url", "branding.terms", "url"],
  ["privacy_policy_url", "branding.privacy", "url"]
]

const COLOR_FIELDS: ReadonlyArray<readonly ["primary_color" | "secondary_color", Key]> = [["primary_color", "branding.primary"], ["secondary_color", "branding.secondary"]]

/** The form's values: as stored, or as typed when a save was refused. */
type Values = Readonly<Record<string, string>>

const valuesOf = (profile: AccountProfile): Values => ({
  ...Object.fromEntries(PROFILE_FIELDS.map(([k]) => [k, profile.business_profile[k] ?? ""])),
  ...Object.fromEntries(COLOR_FIELDS.map(([k]) => [k, profile.branding[k] ?? ""]))
})

/** What the Contrast rules make of a primary colour, as sentences. */
export const contrastNotes = (viewer: Viewer.Viewer, primary: string | null): ReadonlyArray<string> => {
  if (primary === null || !Contrast.isHexColor(primary)) return []
  const l = viewer.language
  const text = Contrast.textColorOn(primary)
  const onPage = Contrast.contrastRatio(primary, "#f6f8fa")
  const ratio = (n: number) => n.toFixed(1)
  return [
    t(l, "branding.textOn", { text, ratio: ratio(Contrast.contrastRatio(text, primary)) }),
    Contrast.asTextOnLight(primary) === undefined ? t(l, "branding.linksTooLight", { ratio: ratio(onPage) }) : t(l, "branding.linksOk", { ratio: ratio(onPage) })
  ]
}

const render = (viewer: Viewer.Viewer, profile: AccountProfile, values: Values, flash: { readonly ok: boolean; readonly text: string } | null, records: string) => {
  const l = viewer.language
  const field = (name: string, label: Key, type: string) =>
    `<div class="field"><label for="b-${name}">${escape(t(l, label))}</label><input id="b-${name}" name="${name}" type="${type}" value="${escape(values[name] ?? "")}"></div>`
  const notes = contrastNotes(viewer, profile.branding.primary_color)
  const body = `<h1>${escape(t(l, "branding.title"))}</h1>
<p class="muted">${escape(t(l, "branding.intro"))}</p>
${flashBox(flash)}
<form class="card" method="post" action="${Viewer.href(viewer, PATH)}">${Viewer.csrfField(viewer)}
<h2>${escape(t(l, "branding.profile"))}</h2>
<div class="filters">${PROFILE_FIELDS.map(([k, label, type]) => field(k, label, type)).join("\n")}</div>
<h2>${escape(t(l, "branding.colors"))}</h2>
<div class="filters">${COLOR_FIELDS.map(([k, label]) => field(k, label, "text")).join("\n")}</div>
<button class="button" type="submit">${escape(t(l, "branding.save"))}</button></form>
${notes.length === 0 ? "" : `<section class="card" aria-labelledby="contrast-title"><h2 id="contrast-title">${escape(t(l, "branding.contrast"))}</h2>
<ul>${notes.map((n) => `<li>${escape(n)}</li>`).join("")}</ul></section>`}
<section class="card" aria-labelledby="files-title"><h2 id="files-title">${escape(t(l, "branding.files"))}</h2><dl class="facts">
<dt>${escape(t(l, "branding.logo"))}</dt><dd>${escape(profile.branding.logo ?? "—")}</dd>
<dt>${escape(t(l, "branding.icon"))}</dt><dd>${escape(profile.branding.icon ?? "—")}</dd></dl></section>
${records}`
  return Layout.page(viewer, "branding", t(l, "branding.title"), body, PATH)
}

/** The branding routes, made with DashboardHttp's `signedIn`. */
export const routes = (signedIn: SignedIn) =>
  Effect.gen(function*() {
    const profiles = yield* AccountProfiles
    const audit = yield* Audit

    const show = (viewer: Viewer.Viewer, status: number, flash: { readonly ok: boolean; readonly text: string } | null, typed?: Values) =>
      Effect.gen(function*() {
        const l = viewer.language
        if (viewer.scope === null) {
          return Frame.respond(200, Layout.page(viewer, "branding", t(l, "branding.title"), `<h1>${escape(t(l, "branding.title"))}</h1><p class="card">${escape(t(l, "account.choose"))}</p>`, PATH))
        }
        const found = yield* Effect.option(profiles.retrieve(viewer.scope.account))
        if (found._tag === "None") return Frame.respond(404, Layout.page(viewer, "branding", t(l, "missing.title"), `<h1>${escape(t(l, "missing.title"))}</h1>`, PATH))
        const records = yield* audit.forObjects(viewer.scope, [viewer.scope.account], { limit: 10 })
        return Frame.respond(status, render(viewer, found.value.profile, typed ?? valuesOf(found.value.profile), flash, auditSection(viewer, records)))
      })

    const page = signedIn("GET", PATH, (viewer, request) =>
      show(viewer, 200, urlOf(request).searchParams.get("done") === "saved" ? { ok: true, text: t(viewer.language, "branding.saved") } : null))

    // every field is sent: a value replaces, an empty one unsets (as `""` does to POST /v1/account)
    const save = signedIn("POST", PATH, (viewer, _request, _params, form) =>
      Effect.gen(function*() {
        if (viewer.scope === null) return yield* show(viewer, 400, null)
        const scope = viewer.scope
        const typed: Values = Object.fromEntries([...PROFILE_FIELDS.map(([k]) => k), ...COLOR_FIELDS.map(([k]) => k)].map((k) => [k, (form.get(k) ?? "").trim()]))
        const decoded = yield* Effect.result(Validation.decode(UpdateAccountParams)({
          business_profile: Object.fromEntries(PROFILE_FIELDS.map(([k]) => [k, typed[k]])),
          settings: { branding: Object.fromEntries(COLOR_FIELDS.map(([k]) => [k, typed[k]])) }
        }))
        if (decoded._tag === "Failure") return yield* show(viewer, 400, { ok: false, text: decoded.failure.message }, typed)
        const params: UpdateAccountParams = decoded.success
        const saved = yield* Effect.result(audited(audit, viewer, scope, "account.branding", scope.account, profiles.update(scope.account, params)))
        if (saved._tag === "Failure") return yield* show(viewer, 400, { ok: false, text: saved.failure.message }, typed)
        return Frame.seeOther(`${PATH}${Viewer.carry(viewer, { done: "saved" })}`)
      }))

    return [page, save] as ReadonlyArray<Route>
  })
