/**
 * The client secret rides in the URL fragment once, which never reaches a server. The page takes
 * it from there, removes it from the address bar and keeps it for this tab only, so a reload
 * still works.
 */
import * as Place from "./Place.ts"

/** The session's secret: from the fragment, else from this tab's storage; "" when there is none for this session. */
export const take = (place: Place.Place): string => {
  let found = ""
  if (location.hash.length > 1) {
    try {
      found = decodeURIComponent(location.hash.slice(1))
    } catch {
      found = ""
    }
    history.replaceState(history.state, "", location.pathname + location.search)
    try {
      sessionStorage.setItem(place.storageKey, found)
    } catch {
      // storage off: this load still works
    }
  } else {
    try {
      found = sessionStorage.getItem(place.storageKey) ?? ""
    } catch {
      found = ""
    }
  }
  return Place.secretFor(place.sessionId, found)
}

/** Forgets the secret the server refused. */
export const forget = (place: Place.Place): void => {
  try {
    sessionStorage.removeItem(place.storageKey)
  } catch {
    // nothing stored
  }
}
