/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Destinations {\n  connections {\n    threads {\n      username\n      canPublish\n    }\n    facebookPages {\n      pageId\n      name\n      canPublish\n    }\n  }\n}\n\nmutation Publish($input: PublishPostInput!) {\n  publishPost(input: $input) {\n    __typename\n    ... on PublishPostResult {\n      post {\n        id\n        status\n        targets {\n          platform\n          accountName\n          status\n          permalink\n          error {\n            message\n            action\n          }\n        }\n      }\n    }\n    ... on InvalidInputError {\n      issues {\n        field\n        message\n      }\n    }\n    ... on Error {\n      message\n    }\n  }\n}": typeof types.DestinationsDocument,
};
const documents: Documents = {
    "query Destinations {\n  connections {\n    threads {\n      username\n      canPublish\n    }\n    facebookPages {\n      pageId\n      name\n      canPublish\n    }\n  }\n}\n\nmutation Publish($input: PublishPostInput!) {\n  publishPost(input: $input) {\n    __typename\n    ... on PublishPostResult {\n      post {\n        id\n        status\n        targets {\n          platform\n          accountName\n          status\n          permalink\n          error {\n            message\n            action\n          }\n        }\n      }\n    }\n    ... on InvalidInputError {\n      issues {\n        field\n        message\n      }\n    }\n    ... on Error {\n      message\n    }\n  }\n}": types.DestinationsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Destinations {\n  connections {\n    threads {\n      username\n      canPublish\n    }\n    facebookPages {\n      pageId\n      name\n      canPublish\n    }\n  }\n}\n\nmutation Publish($input: PublishPostInput!) {\n  publishPost(input: $input) {\n    __typename\n    ... on PublishPostResult {\n      post {\n        id\n        status\n        targets {\n          platform\n          accountName\n          status\n          permalink\n          error {\n            message\n            action\n          }\n        }\n      }\n    }\n    ... on InvalidInputError {\n      issues {\n        field\n        message\n      }\n    }\n    ... on Error {\n      message\n    }\n  }\n}"): (typeof documents)["query Destinations {\n  connections {\n    threads {\n      username\n      canPublish\n    }\n    facebookPages {\n      pageId\n      name\n      canPublish\n    }\n  }\n}\n\nmutation Publish($input: PublishPostInput!) {\n  publishPost(input: $input) {\n    __typename\n    ... on PublishPostResult {\n      post {\n        id\n        status\n        targets {\n          platform\n          accountName\n          status\n          permalink\n          error {\n            message\n            action\n          }\n        }\n      }\n    }\n    ... on InvalidInputError {\n      issues {\n        field\n        message\n      }\n    }\n    ... on Error {\n      message\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;