/**
 * The contract of the caller's own account (`GET /v1/account`, and the Till extension `POST /v1/account`
 * that sets its public details and branding) and of its files (`GET /v1/files`, `GET /v1/files/:id`).
 * `POST /v1/files` takes `multipart/form-data`, which the contract pipeline does not read: FilesHttp.ts
 * serves it beside the contract. Every route takes a secret key.
 */
import { ListFilesParams, UpdateAccountParams } from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AccountObject, FileObject } from "./AccountResponses.ts"
import { body, query } from "./ContractInput.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CommonErrors, ListOf } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })
const nothingExpandable = Expand([])

/** `POST /v1/account`. */
export const UpdateAccountBody = Schema.Struct({ ...UpdateAccountParams.fields, expand: nothingExpandable })
/** `GET /v1/files`. */
export const ListFilesQuery = Schema.Struct({ ...ListFilesParams.fields, expand: nothingExpandable })

/** The caller's account. */
export class AccountGroup extends HttpApiGroup.make("account")
  .add(
    HttpApiEndpoint.get("retrieve", "/v1/account", {
      query: query(RetrieveQuery),
      success: AccountObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "The key's own account: `business_profile` (name, support e-mail, phone and URL, website; *ext* `terms_of_service_url`, " +
        "`privacy_policy_url`) and `settings.branding` (`icon`, `logo` file ids, `primary_color`, `secondary_color`), which the hosted page shows."
    )),
    HttpApiEndpoint.post("update", "/v1/account", {
      payload: body(UpdateAccountBody),
      success: AccountObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext* (Stripe sets its own account in its dashboard): sets the account's `business_profile[...]` and `settings[branding][...]`; " +
        "`\"\"` unsets a field. URLs must be http(s), colours `#rrggbb`, `logo`/`icon` files of the account uploaded with purpose " +
        "`business_logo`/`business_icon`. The page picks white or dark text on `primary_color`, whichever reaches 4.5:1."
    ))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Account" }))
{}

/** The account's files (`POST /v1/files` is served beside the contract: it takes multipart/form-data). */
export class FilesGroup extends HttpApiGroup.make("files")
  .add(
    HttpApiEndpoint.get("list", "/v1/files", {
      query: query(ListFilesQuery),
      success: ListOf(FileObject),
      error: CommonErrors
    }).annotateMerge(describe("The account's files, newest first; `purpose` and `created` filter them.")),
    HttpApiEndpoint.get("retrieve", "/v1/files/:id", {
      params: { id: Schema.String },
      query: query(RetrieveQuery),
      success: FileObject,
      error: CommonErrors
    }).annotateMerge(describe("A file of the account; its `url` serves the image to anyone, cached for good (the address changes with the bytes)."))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Files" }))
{}
