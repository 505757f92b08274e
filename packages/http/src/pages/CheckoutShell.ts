/**
 * The hosted page's markup. It holds no session data and no secret: the server never sees the
 * fragment that carries the client secret, so the script fills the page in from the API. It is in
 * the session's language (its `locale`, else the browser's), the one its script carries.
 */
import { document, escape } from "./Html.ts"
import type { Key, Language } from "./Messages.ts"
import { messages } from "./Messages.ts"
import * as Assets from "./Assets.ts"
import * as CollectFields from "./CollectFields.ts"

/**
 * The page for a language; `embedded` is the variant an iframe on the merchant's page shows
 * (`/c/embed/:id`): the same page, without the page margins and the store links.
 */
export const render = (language: Language, options: { readonly embedded?: boolean } = {}): string => {
  const t = messages[language]
  /** An element's text, and the key the script re-translates it with. */
  const i18n = (key: Key) => `data-i18n="${key}">${escape(t[key])}`
  return document({
    language,
    title: t["page.title"],
    // relative, so the page also works when TILL_PUBLIC_URL puts Till under a path (`/c/pay/:id` → `/c/assets/…`)
    stylesheet: `../assets/${Assets.stylesheet.file}`,
    script: `../assets/${Assets.script(language).file}`,
    ...(options.embedded === true ? { bodyClass: "embedded" } : {}),
    body: `<main id="main" class="layout" aria-busy="true">
<header id="merchant" class="merchant" hidden>
  <img id="merchant-logo" class="merchant-logo" alt="" hidden>
  <p id="merchant-name" class="merchant-name"></p>
</header>
<p id="loading" class="loading" role="status" ${i18n("page.loading")}</p>
<noscript><p class="notice" ${i18n("page.noscript")}</p></noscript>

<div id="checkout" class="checkout" hidden>
  <section class="summary" aria-labelledby="summary-title">
    <div id="test-mode" hidden>
      <p class="badge" ${i18n("page.testMode")}</p>
      <p class="hint" ${i18n("page.testHint")}</p>
    </div>
    <h1 id="summary-title" ${i18n("summary.title")}</h1>
    <ul id="items" class="items"></ul>
    <fieldset id="shipping-field" class="shipping" hidden>
      <legend ${i18n("shipping.title")}</legend>
      <p id="shipping-text" class="custom-text" hidden></p>
      <div id="shipping-options" class="shipping-options"></div>
    </fieldset>
    <div id="country-field" class="promo" hidden>
      <label for="country" ${i18n("tax.country")}</label>
      <select id="country" name="country" autocomplete="country"></select>
    </div>
    <form id="promo-form" class="promo" action="#" novalidate hidden>
      <label for="promo-code" ${i18n("promo.label")}</label>
      <div class="promo-row">
        <input id="promo-code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="500"
          aria-invalid="false" aria-describedby="promo-error">
        <button id="promo-apply" type="submit" ${i18n("promo.apply")}</button>
      </div>
      <p id="promo-error" class="field-error" aria-live="polite"></p>
    </form>
    <dl class="totals">
      <div id="subtotal-row" hidden><dt ${i18n("summary.subtotal")}</dt><dd id="subtotal"></dd></div>
      <div id="discount-row" hidden><dt id="discount-label"></dt><dd id="discount"></dd></div>
      <div id="shipping-row" hidden><dt ${i18n("summary.shipping")}</dt><dd id="shipping-amount"></dd></div>
      <div id="tax-row" hidden><dt ${i18n("summary.tax")}</dt><dd id="tax"></dd></div>
      <div><dt ${i18n("summary.total")}</dt><dd id="total"></dd></div>
    </dl>
  </section>

  <section class="payment" aria-labelledby="payment-title">
    <h2 id="payment-title" ${i18n("form.title")}</h2>
    <p id="form-alert" class="alert" role="alert" hidden></p>
    <form id="pay-form" method="post" action="#" novalidate>
      ${CollectFields.render(t)}
      <div id="custom-fields"></div>
      <div id="processor-card" class="field" hidden></div>
      <div id="card-fields">
      <div class="field">
        <div class="label-row">
          <label for="number" ${i18n("form.number")}</label>
          <span id="number-brand" class="brand"></span>
        </div>
        <input id="number" name="cardnumber" type="text" inputmode="numeric" autocomplete="cc-number" autocorrect="off" spellcheck="false"
          placeholder="1234 1234 1234 1234" aria-invalid="false" aria-describedby="number-brand number-error" required>
        <p id="number-error" class="field-error" aria-live="polite"></p>
      </div>
      <div class="row">
        <div class="field">
          <label for="expiry" ${i18n("form.expiry")}</label>
          <input id="expiry" name="exp-date" type="text" inputmode="numeric" autocomplete="cc-exp" autocorrect="off" spellcheck="false"
            maxlength="9" placeholder="${escape(t["form.expiryPlaceholder"])}" data-i18n-placeholder="form.expiryPlaceholder"
            aria-invalid="false" aria-describedby="expiry-error" required>
          <p id="expiry-error" class="field-error" aria-live="polite"></p>
        </div>
        <div class="field">
          <label for="cvc" ${i18n("form.cvc")}</label>
          <input id="cvc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc" autocorrect="off" spellcheck="false"
            maxlength="4" placeholder="123" aria-invalid="false" aria-describedby="cvc-error" required>
          <p id="cvc-error" class="field-error" aria-live="polite"></p>
        </div>
      </div>
      </div>
      <div class="field">
        <label for="name" ${i18n("form.name")}</label>
        <input id="name" name="ccname" type="text" autocomplete="cc-name" autocapitalize="words" spellcheck="false"
          maxlength="200" aria-invalid="false" aria-describedby="name-error" required>
        <p id="name-error" class="field-error" aria-live="polite"></p>
      </div>
      <div id="installments-field" class="field" hidden>
        <label for="installments" ${i18n("form.installments")}</label>
        <select id="installments" name="installments"></select>
      </div>
      <p id="submit-text" class="custom-text" hidden></p>
      <div id="terms-field" class="field check" hidden>
        <div class="check-row">
          <input id="terms" name="terms" type="checkbox" aria-invalid="false" aria-describedby="terms-error">
          <label id="terms-label" for="terms"></label>
        </div>
        <p id="terms-error" class="field-error" aria-live="polite"></p>
      </div>
      <button id="pay" class="pay" type="submit"></button>
      <p id="pay-status" class="sr-only" role="status"></p>
      <p id="after-submit-text" class="custom-text" hidden></p>
    </form>
    <a id="cancel" class="cancel" hidden ${i18n("form.cancel")}</a>
  </section>
</div>

<section id="state" class="state" aria-labelledby="state-title" hidden>
  <h1 id="state-title" tabindex="-1"></h1>
  <p id="state-body"></p>
  <a id="state-link" class="button-link" hidden></a>
  <a id="state-receipt" class="cancel" hidden ${i18n("state.receipt")}</a>
</section>
<footer id="merchant-footer" class="footer" hidden>
  <a id="terms-link" target="_blank" rel="noopener noreferrer" hidden ${i18n("footer.terms")}</a>
  <a id="privacy-link" target="_blank" rel="noopener noreferrer" hidden ${i18n("footer.privacy")}</a>
</footer>
</main>`
  })
}
