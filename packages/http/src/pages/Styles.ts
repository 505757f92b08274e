/**
 * The stylesheet of Till's pages. Colours are chosen for contrast on white: body text 15.9:1,
 * secondary text 7.5:1, the pay button's white on indigo 8.6:1, errors 6.5:1, and the input
 * borders 4.8:1 (non-text elements need 3:1). A merchant's brand colour replaces the indigo through
 * custom properties the script sets (`--brand`, `--brand-text`, `--brand-hover`, `--brand-link`),
 * their text colours chosen by the core's Contrast module for 4.5:1 or more. Focus is always visible. One column below 768 px,
 * and nothing is wider than the 320 px of the smallest phones.
 */
export const STYLES = String.raw`
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: #f6f8fa;
  color: #1a1f36;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
[hidden] { display: none !important; }
a { color: var(--brand-link, #3730a3); }
a:hover { color: #1e1b4b; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
}
.layout { max-width: 980px; margin: 0 auto; padding: 24px 16px 48px; }
.loading { text-align: center; color: #4f566b; padding: 64px 0; }
.notice { background: #fff; border: 1px solid #d0d5dd; border-radius: 12px; padding: 16px; }
.checkout { display: grid; gap: 24px; }
@media (min-width: 768px) {
  .layout { padding-top: 48px; }
  .checkout { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 48px; align-items: start; }
}
.badge {
  display: inline-block; margin: 0 0 12px; padding: 2px 10px; border-radius: 999px;
  background: #fff4e5; color: #7a3e00; font-size: 0.875rem; font-weight: 600;
}
.hint { margin: 0 0 16px; color: #4f566b; font-size: 0.875rem; }
h1, h2 { margin: 0 0 16px; line-height: 1.25; }
h1 { font-size: 1.25rem; }
h2 { font-size: 1.125rem; }
.items { list-style: none; margin: 0; padding: 0; }
.item { display: flex; justify-content: space-between; gap: 16px; padding: 12px 0; border-bottom: 1px solid #e4e7ec; }
.item-info { display: flex; flex-direction: column; min-width: 0; overflow-wrap: anywhere; }
.item-name { font-weight: 600; }
.item-description, .item-meta { color: #4f566b; font-size: 0.875rem; }
.item-amount { white-space: nowrap; font-variant-numeric: tabular-nums; }
.totals { margin: 16px 0 0; }
.totals > div { display: flex; justify-content: space-between; gap: 16px; font-size: 1.25rem; font-weight: 700; }
.totals dt, .totals dd { margin: 0; }
.totals dd { font-variant-numeric: tabular-nums; }
.totals > div:not(:last-child) { font-size: 1rem; font-weight: 400; margin-bottom: 6px; }
.promo { margin: 16px 0 0; }
.promo label { display: block; margin-bottom: 4px; }
.promo-row { display: flex; gap: 8px; }
.promo-row input { flex: 1; min-width: 0; }
.shipping { margin: 16px 0 0; padding: 0; border: 0; min-width: 0; }
.shipping legend { padding: 0; margin-bottom: 8px; font-weight: 600; }
.shipping-option {
  display: flex; align-items: flex-start; gap: 10px; padding: 10px 12px; margin-bottom: 8px;
  border: 1px solid #6b7280; border-radius: 8px; background: #fff; cursor: pointer;
}
.shipping-option:has(input:checked) { border-color: #4338ca; border-width: 2px; }
.shipping-option input, .check-row input { margin: 3px 0 0; width: 18px; height: 18px; flex: none; accent-color: #4338ca; }
.shipping-option-info { display: flex; flex-direction: column; flex: 1; min-width: 0; overflow-wrap: anywhere; }
.shipping-option-amount { white-space: nowrap; font-variant-numeric: tabular-nums; }
.custom-text { margin: 0 0 12px; color: #344054; font-size: 0.875rem; white-space: pre-line; overflow-wrap: anywhere; }
#after-submit-text { margin: 12px 0 0; }
.check-row { display: flex; align-items: flex-start; gap: 10px; }
.field .check-row label { margin: 0; font-weight: 400; }
.field .optional { color: #4f566b; font-weight: 400; }
.payment {
  background: #fff; border: 1px solid #d0d5dd; border-radius: 12px; padding: 20px;
  box-shadow: 0 1px 3px rgba(16, 24, 40, 0.08);
}
.field { margin-bottom: 16px; min-width: 0; }
.field label { display: block; margin-bottom: 6px; font-weight: 600; font-size: 0.9375rem; }
.field input, .field select {
  display: block; width: 100%; min-height: 48px; padding: 10px 12px;
  border: 1px solid #6b7280; border-radius: 8px; background: #fff; color: #1a1f36;
  font: inherit; font-variant-numeric: tabular-nums;
}
.field input::placeholder { color: #667085; opacity: 1; }
.field input:focus-visible, .field select:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 1px; border-color: #1d4ed8; }
.field input[aria-invalid="true"], .field select[aria-invalid="true"] { border-color: #b42318; border-width: 2px; }
.field input[type="checkbox"] { display: inline-block; width: 18px; min-height: 0; padding: 0; }
.check input[aria-invalid="true"] { outline: 2px solid #b42318; outline-offset: 2px; }
.field-error { margin: 6px 0 0; color: #b42318; font-size: 0.875rem; }
.field-error:empty { display: none; }
.field .hint { margin: 6px 0 0; }
.address { border: 0; margin: 0 0 8px; padding: 0; min-width: 0; }
.address legend { padding: 0; margin-bottom: 12px; font-weight: 700; }
.check { display: flex; align-items: center; gap: 8px; min-height: 48px; margin-bottom: 8px; }
.check input { width: 20px; height: 20px; }
.label-row { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
.label-row label { flex: 1 1 auto; }
.brand { color: #344054; font-size: 0.875rem; font-weight: 600; white-space: nowrap; }
.row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
.alert {
  margin: 0 0 16px; padding: 12px 14px; border-radius: 8px;
  background: #fef3f2; border: 1px solid #b42318; color: #7a271a; font-weight: 600;
}
.pay, .button-link {
  display: block; width: 100%; min-height: 48px; padding: 12px 16px; border: 0; border-radius: 8px;
  background: var(--brand, #4338ca); color: var(--brand-text, #fff); font: inherit; font-weight: 700; text-align: center;
  text-decoration: none; cursor: pointer;
}
.pay:hover, .button-link:hover { background: var(--brand-hover, #3730a3); color: var(--brand-text, #fff); }
.pay:disabled { background: #4b5563; cursor: progress; }
.cancel { display: inline-block; margin-top: 16px; padding: 8px 0; }
.state {
  max-width: 520px; margin: 32px auto 0; background: #fff; border: 1px solid #d0d5dd; border-radius: 12px;
  padding: 24px; text-align: center;
}
.state p { color: #344054; }
/* focus is moved to a page state's heading for screen readers; it is not a control, so no ring */
#state-title:focus { outline: none; }
.merchant { display: flex; align-items: center; gap: 12px; margin: 0 0 24px; min-width: 0; }
.merchant-logo { max-height: 48px; max-width: 200px; width: auto; object-fit: contain; }
.merchant-name { margin: 0; font-size: 1.125rem; font-weight: 700; overflow-wrap: anywhere; }
.footer { display: flex; flex-wrap: wrap; gap: 8px 24px; justify-content: center; margin-top: 32px; font-size: 0.875rem; }
.footer a { color: #344054; padding: 8px 0; }
.state .button-link { margin-top: 24px; }
/* embedded in a merchant's page: its frame is the page, so no backdrop, no outer margins */
body.embedded { background: transparent; }
body.embedded .layout { padding: 8px 4px 16px; }
body.embedded .state { margin-top: 8px; }
@media (min-width: 768px) {
  body.embedded .layout { padding-top: 8px; }
}
.receipt { max-width: 640px; }
.receipt-facts { margin: 0 0 24px; }
.receipt-facts > div { display: flex; justify-content: space-between; gap: 16px; padding: 6px 0; border-bottom: 1px solid #e4e7ec; }
.receipt-facts dt { color: #4f566b; }
.receipt-facts dd { margin: 0; text-align: right; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
.receipt-support { margin-top: 24px; }
.receipt-support h2 { font-size: 1rem; }
/* the last row (the total, or with a plan what was charged) stands out; the others read as details */
.receipt .totals > div:not(:last-child) { font-size: 1rem; }
@media print { body { background: #fff; } .receipt .payment { border: 0; box-shadow: none; } }
`
