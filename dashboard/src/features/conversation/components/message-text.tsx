// A message body as text and safe links, with the widget's rules (ui-shared/linkify.ts): only
// http(s) URLs become links, opened in a new tab without opener or referrer; never HTML.
import { Fragment } from 'react';
import { LINK_REL, linkify } from '../../../../../ui-shared/linkify.ts';

export function MessageText({ body, linkClassName }: { body: string; linkClassName?: string }) {
  return (
    <>
      {linkify(body).map((segment) =>
        segment.href ? (
          <a
            key={segment.at}
            href={segment.href}
            target="_blank"
            rel={LINK_REL}
            className={linkClassName ?? 'underline underline-offset-2'}
          >
            {segment.text}
          </a>
        ) : (
          <Fragment key={segment.at}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
