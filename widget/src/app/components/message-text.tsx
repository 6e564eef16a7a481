// A message body as text nodes and safe links (http/https only, opened in a new tab without
// opener or referrer). Never HTML: a "<script>" in a message is shown as those characters.
import { Fragment } from 'preact';
import { LINK_REL, linkify } from '../../../../ui-shared/linkify.ts';

export function MessageText({ body }: { body: string }) {
  return (
    <>
      {linkify(body).map((segment) =>
        segment.href ? (
          <a key={segment.at} href={segment.href} target="_blank" rel={LINK_REL}>
            {segment.text}
          </a>
        ) : (
          <Fragment key={segment.at}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
