/**
 * The sign-in page: email and password, with the form's CSRF nonce (the same value as the
 * `till_dashboard_login` cookie, so a form posted from another site, which cannot read the cookie,
 * is refused).
 */
import { escape } from "../pages/Html.ts"
import type { Language } from "../pages/Messages.ts"
import * as Frame from "./Frame.ts"
import { t } from "./Messages.ts"

/** The page, with an error to show (already localized) and the email to keep. */
export const render = (language: Language, nonce: string, error: string | null, email = ""): string =>
  Frame.document(language, `${t(language, "login.title")} · ${t(language, "app.name")}`, `<main id="main">
<section class="card narrow" aria-labelledby="login-title">
<h1 id="login-title">${escape(t(language, "login.title"))}</h1>
${error === null ? "" : `<p class="alert" role="alert" id="login-error">${escape(error)}</p>`}
<form method="post" action="/dashboard/login"${error === null ? "" : ` aria-describedby="login-error"`}>
<input type="hidden" name="csrf" value="${escape(nonce)}">
<div class="field"><label for="email">${escape(t(language, "login.email"))}</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${escape(email)}"></div>
<div class="field"><label for="password">${escape(t(language, "login.password"))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"></div>
<button class="button" type="submit">${escape(t(language, "login.submit"))}</button>
</form>
</section>
</main>`)
