// Text every side accepts only if Postgres can store it and UTF-8 can carry it: no U+0000 (a
// `text` column refuses it) and no unpaired UTF-16 surrogate (JSON can spell one, `\ud800`, but it
// is no character: Postgres refuses it in jsonb and an encoder turns it into U+FFFD). One zod
// refinement, used by every text field of the REST bodies and by the room's `send` frame.
import { z } from 'zod';

/** With the `u` flag a well-formed surrogate pair reads as one code point, so `\p{Cs}` is a lone half. */
const LONE_SURROGATE = /\p{Cs}/u;

export const TEXT_REFUSED = 'must not contain NUL characters or unpaired surrogates';

/** Whether Postgres can store `value` as text. */
export const isStorableText = (value: string): boolean => !value.includes('\u0000') && !LONE_SURROGATE.test(value);

/** `z.string()` refusing what Postgres text refuses; chain `.trim().min().max()` as usual. */
export const text = () => z.string().refine(isStorableText, TEXT_REFUSED);
