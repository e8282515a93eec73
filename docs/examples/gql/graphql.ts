/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** One Page's own text. */
export type PageTextInput = {
  /** FacebookPage.pageId of a Page in facebookPageIds. */
  pageId: string;
  /** What this Page publishes instead of text or facebookText; empty: no own text. */
  text?: string | null | undefined;
};

/** Where a post goes. */
export type Platform =
  /** Connected Facebook Pages. */
  | 'FACEBOOK'
  /** The connected Threads profile. */
  | 'THREADS';

/** One media item of a post. */
export type PostMediaInput = {
  /** Alt text for screen readers, up to 1,000 characters. */
  altText?: string | null | undefined;
  /** Media.id from uploadMedia or createMediaFromUrl. */
  mediaId: string | number;
};

/** Derived from the post's targets: PARTIAL means some published and some did not. */
export type PostStatus =
  /** Cancelled before it started; nothing of it was published. */
  | 'CANCELLED'
  /** No target published. */
  | 'FAILED'
  /** Some targets published and some failed. */
  | 'PARTIAL'
  /** Every target published. */
  | 'PUBLISHED'
  /** At least one target is still on its way. */
  | 'PUBLISHING'
  /** Waiting for its scheduledAt; cancelPost and reschedulePost still apply. */
  | 'SCHEDULED'
  /** Meta may have published some target; Duopost is checking. */
  | 'UNCONFIRMED';

/** What the post says; at least text or an image. */
export type PublishContentInput = {
  /** What every Page publishes instead of text, unless it has its own in pageTexts; empty: text. */
  facebookText?: string | null | undefined;
  /**
   * A public https address of a JPEG or PNG, sent as one remote image.
   * @deprecated Use PublishPostInput.media: upload the image (uploadMedia or createMediaFromUrl) and send its id.
   */
  imageUrl?: string | null | undefined;
  /** A public http(s) address to attach: a link card on a post without media; with a photo or video, Duopost adds it at the end of the text (and counts it). */
  link?: string | null | undefined;
  /** Pages' own texts, ahead of facebookText and text. Each target's text is on PublishTarget.text. */
  pageTexts?: Array<PageTextInput> | null | undefined;
  /** Up to 500 characters as Threads counts them when Threads is a target. */
  text?: string | null | undefined;
  /** What Threads publishes instead of text (up to 500 characters as Threads counts them); empty: text. */
  threadsText?: string | null | undefined;
};

/** What the person can do about a failed target. */
export type PublishErrorAction =
  /** Nothing the person can do; tell whoever runs this Duopost server. */
  | 'CONTACT_SUPPORT'
  /** Change the post (text, image or link); publishing it unchanged fails again. */
  | 'EDIT'
  /** Fix something on the account at Meta (a Page role, say), then retry. */
  | 'FIX_ACCOUNT'
  /** Connect the account again, then retry. */
  | 'RECONNECT'
  /** Try again now (retryPublishTargets). */
  | 'RETRY'
  /** Wait until retryAfter, then try again. */
  | 'WAIT';

/** Input of publishPost. */
export type PublishPostInput = {
  /** By default a chosen Page or profile that cannot publish now (it needs a reconnect, say) is returned as a FAILED target with its action while the others publish. True refuses the whole request instead, publishing nothing. */
  allOrNothing?: boolean | null | undefined;
  /** What to publish. */
  content: PublishContentInput;
  /** Facebook ids of your connected Pages (FacebookPage.pageId). */
  facebookPageIds?: Array<string> | null | undefined;
  /** Send the same key when repeating a request: the post is made once. */
  idempotencyKey?: string | null | undefined;
  /** Up to 20 images and videos, in order: one is a photo or video post; several are a Threads carousel and a Facebook multi-photo post. */
  media?: Array<PostMediaInput> | null | undefined;
  /** Where to publish: Threads, Facebook, or both. */
  platforms: Array<Platform>;
  /** Publish at this time (at least a minute ahead) instead of now. */
  scheduledAt?: string | null | undefined;
  /** By default a post for now answers once its targets settle or after 20 s, whichever comes first. False answers as soon as the post is recorded and queued; follow it with postUpdated. */
  waitForResults?: boolean | null | undefined;
};

/** Where one target is: QUEUED → CREATING → WAITING_FOR_MEDIA → PUBLISHING → PUBLISHED, or FAILED, or UNCONFIRMED (Meta may have published it; check before retrying). */
export type TargetStatus =
  /** Duopost is sending the post to Meta. */
  | 'CREATING'
  /** Did not publish; error says why and what to do. */
  | 'FAILED'
  /** Live on Threads or the Page; see permalink. */
  | 'PUBLISHED'
  /** Meta is publishing it. */
  | 'PUBLISHING'
  /** Waiting for its turn, its scheduled time, or its automatic retry. */
  | 'QUEUED'
  /** Meta may have published it; Duopost looks for it before sending anything again. */
  | 'UNCONFIRMED'
  /** Meta is still processing the media (a video can take minutes) before it can publish. */
  | 'WAITING_FOR_MEDIA';

export type DestinationsQueryVariables = Exact<{ [key: string]: never; }>;


export type DestinationsQuery = { connections: { threads: { username: string | null, canPublish: boolean } | null, facebookPages: Array<{ pageId: string, name: string, canPublish: boolean }> } };

export type PublishMutationVariables = Exact<{
  input: PublishPostInput;
}>;


export type PublishMutation = { publishPost:
    | { __typename: 'IdempotencyConflictError', message: string }
    | { __typename: 'InvalidInputError', message: string, issues: Array<{ field: string, message: string }> }
    | { __typename: 'PublishPostResult', post: { id: string, status: PostStatus, targets: Array<{ platform: Platform, accountName: string, status: TargetStatus, permalink: string | null, error: { message: string, action: PublishErrorAction } | null }> } }
   };


export const DestinationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Destinations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"canPublish"}}]}},{"kind":"Field","name":{"kind":"Name","value":"facebookPages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"canPublish"}}]}}]}}]}}]} as unknown as DocumentNode<DestinationsQuery, DestinationsQueryVariables>;
export const PublishDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Publish"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishPostInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishPost"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PublishPostResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"post"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"accountName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"permalink"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PublishMutation, PublishMutationVariables>;