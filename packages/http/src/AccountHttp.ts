/**
 * Handlers of the account's own routes (`GET /v1/account`, `POST /v1/account`) and of the file
 * routes in the contract (`GET /v1/files`, `GET /v1/files/:id`).
 */
import { AccountProfiles, Files } from "@till/core"
import { Effect } from "effect"
import { AccountGroup, FilesGroup } from "./AccountApi.ts"
import { account, file } from "./AccountResponses.ts"
import * as Endpoint from "./Endpoint.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import * as Wire from "./Wire.ts"

/** The file list's `url`. */
export const FILES_LIST_URL = "/v1/files"

const { withoutExpand } = Endpoint

/** The routes of the Account and Files groups. */
export const routes = Effect.gen(function*() {
  const profiles = yield* AccountProfiles
  const files = yield* Files
  const endpoint = yield* Endpoint.make
  const base = yield* HostedPageBase
  const show = (f: Parameters<typeof file>[0]) => file(f, base)
  return [
    ...endpoint.routes(AccountGroup, {
      retrieve: ({ scope }) => Effect.map(profiles.retrieve(scope.account), (found) => account(found.account, found.profile)),
      update: ({ input, scope }) => Effect.map(profiles.update(scope.account, withoutExpand(input)), (found) => account(found.account, found.profile))
    }),
    ...endpoint.routes(FilesGroup, {
      list: ({ input, scope }) => Effect.map(files.list(scope, withoutExpand(input)), (page) => Wire.list(FILES_LIST_URL, page, show)),
      retrieve: ({ id, scope }) => Effect.map(files.retrieve(scope.account, id), show)
    })
  ]
})
