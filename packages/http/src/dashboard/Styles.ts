/**
 * The dashboard's stylesheet: the hosted page's palette, type and focus ring (pages/Styles.ts) with
 * the dashboard's own layout: a header, filter forms, tables that become stacked cards below 768 px.
 * Contrast as on the hosted page: body text 15.9:1, secondary 7.5:1, white on indigo 8.6:1.
 */
export const STYLES = String.raw`
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #f6f8fa; color: #1a1f36; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: #3730a3; }
a:hover { color: #1e1b4b; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.skip { position: absolute; left: -999px; top: 8px; background: #fff; padding: 8px 12px; }
.skip:focus { left: 8px; z-index: 10; }
header.top { background: #fff; border-bottom: 1px solid #d0d5dd; }
.top-inner { max-width: 1200px; margin: 0 auto; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
.brand { font-weight: 700; margin-right: auto; text-decoration: none; color: #1a1f36; }
.top nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0; padding: 0; }
.top nav a[aria-current="page"] { font-weight: 700; }
.who { color: #4f566b; font-size: 0.875rem; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.inline { display: inline; margin: 0; }
.mode { display: flex; gap: 4px; }
.mode a { padding: 2px 10px; border-radius: 999px; border: 1px solid #6b7280; text-decoration: none; font-size: 0.875rem; }
.mode a[aria-current="true"] { background: #4338ca; border-color: #4338ca; color: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.375rem; margin: 0 0 16px; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.125rem; margin: 24px 0 12px; }
.card > h2:first-child, .card > input[type="hidden"]:first-child + h2 { margin-top: 0; }
.card { background: #fff; border: 1px solid #d0d5dd; border-radius: 12px; padding: 16px; margin-bottom: 16px; }
.narrow { max-width: 420px; margin: 48px auto; }
.field { margin-bottom: 12px; min-width: 0; }
.field label { display: block; margin-bottom: 4px; font-weight: 600; font-size: 0.9375rem; }
.field input, .field select { display: block; width: 100%; min-height: 44px; padding: 8px 10px; border: 1px solid #6b7280; border-radius: 8px; background: #fff; color: #1a1f36; font: inherit; }
.filters { display: grid; gap: 0 12px; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); align-items: end; }
.actions { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
.button { display: inline-block; min-height: 44px; padding: 10px 16px; border: 0; border-radius: 8px; background: #4338ca; color: #fff; font: inherit; font-weight: 700; text-decoration: none; cursor: pointer; }
.button:hover { background: #3730a3; color: #fff; }
.button.secondary { background: #fff; color: #3730a3; border: 1px solid #3730a3; }
.button.danger { background: #b42318; }
.link-button { background: none; border: 0; padding: 0; color: #3730a3; font: inherit; text-decoration: underline; cursor: pointer; }
.alert { margin: 0 0 16px; padding: 12px 14px; border-radius: 8px; background: #fef3f2; border: 1px solid #b42318; color: #7a271a; font-weight: 600; }
.note { margin: 0 0 16px; padding: 12px 14px; border-radius: 8px; background: #ecfdf3; border: 1px solid #067647; color: #054f31; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { text-align: left; padding: 10px 12px; border-bottom: 1px solid #e4e7ec; vertical-align: top; overflow-wrap: anywhere; }
th { font-size: 0.875rem; color: #344054; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.8125rem; font-weight: 600; background: #eef2f6; color: #344054; }
.pill.complete, .pill.succeeded { background: #ecfdf3; color: #054f31; }
.pill.expired, .pill.failed { background: #fef3f2; color: #7a271a; }
.pill.open, .pill.pending { background: #fff4e5; color: #7a3e00; }
.pager { display: flex; gap: 16px; margin-top: 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
dl.facts dt { color: #4f566b; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ol.timeline { list-style: none; margin: 0; padding: 0; }
ol.timeline > li { border-left: 3px solid #d0d5dd; padding: 4px 0 12px 12px; }
ol.timeline ul { margin: 4px 0 0; padding-left: 16px; }
.muted { color: #4f566b; font-size: 0.875rem; }
fieldset.choices { border: 0; padding: 0; margin: 0 0 12px; display: flex; flex-direction: column; gap: 6px; }
fieldset.choices legend { font-weight: 600; margin-bottom: 4px; }
details > summary { cursor: pointer; font-weight: 600; min-height: 32px; }
table.permissions select { min-height: 36px; padding: 4px 8px; border: 1px solid #6b7280; border-radius: 6px; background: #fff; font: inherit; }
form.roll { display: inline-flex; flex-wrap: wrap; gap: 6px; align-items: center; max-width: 100%; }
form.roll select, form.roll input { max-width: 100%; min-width: 0; }
form.roll select { width: 13em; font-size: 0.875rem; }
table.stack td > .row-actions { min-width: 0; }
form.roll input[type="datetime-local"] { width: 13em; min-height: 32px; border: 1px solid #6b7280; border-radius: 6px; font: inherit; font-size: 0.875rem; }
.row-actions { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; }
.row-actions input[type="password"] { min-height: 32px; width: 11em; border: 1px solid #6b7280; border-radius: 6px; font: inherit; font-size: 0.875rem; padding: 2px 6px; }
.narrow-form { max-width: 480px; }
code.secret { display: inline-block; padding: 2px 6px; background: #eef2f6; border-radius: 4px; overflow-wrap: anywhere; }
.spaced { margin-top: 12px; }
fieldset.field { border: 0; padding: 0; }
fieldset.field legend { font-weight: 600; font-size: 0.9375rem; margin-bottom: 4px; }
ul.choices { list-style: none; margin: 0; padding: 0; columns: 2 16em; }
ul.choices li { padding: 2px 0; break-inside: avoid; }
.field ul.choices input { display: inline-block; width: auto; min-height: 0; }
.field ul.choices label { display: inline; font-weight: 400; }
.field input[readonly] { background: #f6f8fa; }
details.card > summary { cursor: pointer; font-weight: 700; font-size: 1.125rem; min-height: 44px; display: flex; align-items: center; }
details.card > form.card { border: 0; padding: 0; margin: 0; }
.qr { display: block; width: 200px; height: 200px; margin-top: 12px; background: #fff; }
pre.json { margin: 0; overflow: auto; max-height: 480px; padding: 12px; border-radius: 8px; background: #f6f8fa; border: 1px solid #e4e7ec; font-size: 0.8125rem; line-height: 1.45; }
@media (max-width: 767px) {
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0); }
  table.stack tr { display: block; border-bottom: 1px solid #d0d5dd; padding: 8px 0; }
  table.stack td { display: flex; gap: 12px; border: 0; padding: 4px 12px; }
  table.stack td::before { content: attr(data-label); font-weight: 600; min-width: 7.5em; color: #344054; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 8px; }
}
`
