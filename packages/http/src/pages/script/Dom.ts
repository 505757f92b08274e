/** The page's elements: the server's markup (CheckoutShell.ts) has every id the script looks up. */

/** The element with an id; a missing one is a mismatch between markup and script. */
export const byId = <E extends HTMLElement = HTMLElement>(id: string): E => {
  const node = document.getElementById(id)
  if (node === null) throw new Error(`the page has no #${id}`)
  return node as E
}

/** A new element with a class and text. */
export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  if (className !== "") node.className = className
  if (text !== undefined) node.textContent = text
  return node
}
