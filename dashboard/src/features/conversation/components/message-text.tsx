// A message body as text and safe links, with the widget's rules (ui-shared/linkify.ts): only
// http(s) URLs become links, opened in a new tab without opener or referrer; never HTML. A private
// note's mentions ("@Name" of a mentioned teammate, utils/mentions.ts) are drawn as chips, mine
// filled so it catches the eye.
import { Fragment } from 'react';
import { LINK_REL, linkify } from '../../../../../ui-shared/linkify.ts';
import { cn } from '../../../lib/cn.ts';
import { splitMentions } from '../utils/mentions.ts';

export interface MentionNames {
  /** The mentioned user ids, as the message carries them. */
  ids: readonly string[] | undefined;
  nameOf: (id: string) => string | null | undefined;
  meId: string;
}

function Linked({ text, linkClassName }: { text: string; linkClassName?: string | undefined }) {
  return (
    <>
      {linkify(text).map((segment) =>
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

export function MessageText({
  body,
  linkClassName,
  mentions,
}: {
  body: string;
  linkClassName?: string;
  mentions?: MentionNames;
}) {
  if (!mentions?.ids?.length) return <Linked text={body} linkClassName={linkClassName} />;
  let at = 0;
  return (
    <>
      {splitMentions(body, mentions.ids, mentions.nameOf).map((segment) => {
        const key = at;
        at += segment.text.length;
        if (segment.mentionId === undefined)
          return <Linked key={key} text={segment.text} linkClassName={linkClassName} />;
        const mine = segment.mentionId === mentions.meId;
        return (
          <span
            key={key}
            data-testid="mention"
            data-me={mine ? 'true' : undefined}
            className={cn(
              'rounded px-0.5 font-semibold',
              mine ? 'bg-brand-600 text-white' : 'bg-amber-200/70 text-amber-950',
            )}
          >
            {segment.text}
          </span>
        );
      })}
    </>
  );
}
