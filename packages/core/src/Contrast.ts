/**
 * WCAG 2 contrast of colours given as `#rrggbb`: relative luminance, the contrast ratio of two colours,
 * and the text colour a merchant's brand colour gets on the hosted page. The decision: any `#rrggbb` is
 * accepted as a brand colour and the text on it is chosen here, never refused, because for every colour
 * white or black reaches at least 4.58:1 (the worst case is a luminance of about 0.179, where both are
 * 4.58:1), above WCAG's 4.5:1 for normal text. White is preferred (brands expect it on buttons), then the
 * page's own dark text colour, then black.
 */

/** WCAG's minimum contrast for normal text (level AA). */
export const MIN_TEXT_CONTRAST = 4.5

/** The dark text colour of Till's pages (Styles.ts). */
export const PAGE_TEXT = "#1a1f36"

const HEX = /^#[0-9a-f]{6}$/

/** Whether a string is a colour as Stripe takes it: `#` and six hex digits (either case). */
export const isHexColor = (s: string): boolean => HEX.test(s.toLowerCase())

/** The red, green and blue of a `#rrggbb` colour, 0..255 each. */
export const channels = (hex: string): readonly [number, number, number] => {
  if (!isHexColor(hex)) throw new Error(`not a #rrggbb colour: ${hex}`)
  const n = Number.parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

const linear = (c: number): number => {
  const s = c / 255
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** WCAG's relative luminance, 0 (black) to 1 (white). */
export const luminance = (hex: string): number => {
  const [r, g, b] = channels(hex)
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/** WCAG's contrast ratio of two colours, 1 to 21, whichever is lighter. */
export const contrastRatio = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** The text colour for text on `background`: white, else the page's dark text, else black; each reaching 4.5:1 when chosen. */
export const textColorOn = (background: string): string =>
  ["#ffffff", PAGE_TEXT, "#000000"].find((text) => contrastRatio(text, background) >= MIN_TEXT_CONTRAST) ?? "#000000"

const hex2 = (n: number) => Math.round(Math.min(255, Math.max(0, n))).toString(16).padStart(2, "0")

/** `color` moved `amount` (0..1) of the way towards `target`, both `#rrggbb`. */
export const mix = (color: string, target: string, amount: number): string => {
  const a = channels(color)
  const b = channels(target)
  return `#${a.map((c, i) => hex2(c + (b[i]! - c) * amount)).join("")}`
}

/**
 * The colour a button of `background` takes under the pointer: moved away from its text colour, so the
 * text's contrast only grows (darker under white text, lighter under dark text).
 */
export const hoverOf = (background: string): string => {
  const text = textColorOn(background)
  return mix(background, luminance(text) > 0.5 ? "#000000" : "#ffffff", 0.15)
}

/**
 * The brand colour as the colour of links and other text on the page's light background (`#f6f8fa`
 * and white), or undefined when it is too light to read there (the page keeps its own link colour).
 */
export const asTextOnLight = (color: string): string | undefined =>
  contrastRatio(color, "#f6f8fa") >= MIN_TEXT_CONTRAST ? color.toLowerCase() : undefined
