// Quote and signature stripping of email replies, one row per mail client habit.
import { describe, expect, it } from 'vitest';
import { htmlToText, replyText, stripReply } from './quotes.ts';

const CASES: [string, string, string][] = [
  ['plain text, nothing quoted', 'Thanks, that fixed it!', 'Thanks, that fixed it!'],
  [
    'Gmail attribution and > lines',
    'Yes please.\n\nOn Mon, 1 Jun 2026 at 10:02, Parley <reply+abc@reply.example.com> wrote:\n> Shall I refund?\n> Ana',
    'Yes please.',
  ],
  [
    'Gmail attribution wrapped over two lines',
    'Great\r\n\r\nOn Mon, Jun 1, 2026 at 10:02 AM Parley Support <\r\nreply+abc@reply.example.com> wrote:\r\n\r\n> earlier',
    'Great',
  ],
  [
    'Outlook Original Message',
    'See attached.\n\n-----Original Message-----\nFrom: Parley\nSent: Monday\nTo: me\nSubject: Re: help\n\nold text',
    'See attached.',
  ],
  [
    'Outlook From/Sent/To block after a rule',
    'Works now\n\n________________________________\nFrom: Parley <reply+abc@reply.example.com>\nSent: Monday, June 1, 2026 10:02\nTo: Ana\nSubject: Re: help',
    'Works now',
  ],
  [
    'Outlook From/Sent block without a rule',
    'OK\n\nFrom: Parley <reply+abc@reply.example.com>\nSent: Monday, June 1, 2026 10:02\nTo: Ana\nSubject: Re: help\n\nold',
    'OK',
  ],
  ['Apple Mail forwarded', 'FYI\n\nBegin forwarded message:\n\nFrom: x', 'FYI'],
  ['signature delimiter', 'Thank you\n\n-- \nAna Lima\nACME Corp', 'Thank you'],
  ['iPhone tagline', 'Sure!\n\nSent from my iPhone', 'Sure!'],
  ['Outlook mobile tagline', 'Sure!\n\nGet Outlook for iOS', 'Sure!'],
  ['French attribution', 'Merci\n\nLe lun. 1 juin 2026 à 10:02, Parley <x@y.z> a écrit :\n> avant', 'Merci'],
  ['German attribution', 'Danke\n\nAm Mo., 1. Juni 2026 um 10:02 Uhr schrieb Parley <x@y.z>:\n> vorher', 'Danke'],
  ['Spanish attribution', 'Gracias\n\nEl lun, 1 jun 2026 a las 10:02, Parley (<x@y.z>) escribió:\n> antes', 'Gracias'],
  ['Portuguese attribution', 'Obrigado\n\nEm seg., 1 de jun. de 2026 às 10:02, Parley <x@y.z> escreveu:', 'Obrigado'],
  [
    'interleaved quotes keep the new lines',
    '> question one\nanswer one\n> question two\nanswer two',
    'answer one\nanswer two',
  ],
  ['a line that merely starts with "On"', 'On second thought, cancel it.', 'On second thought, cancel it.'],
  ['only a quote', '> just the old text', ''],
  ['blank lines collapsed and trimmed', '\n\nfirst\n\n\n\nsecond\n\n', 'first\n\nsecond'],
];

describe('stripReply', () => {
  it.each(CASES)('%s', (_name, input, expected) => {
    expect(stripReply(input)).toBe(expected);
  });
});

describe('htmlToText', () => {
  it('cuts a Gmail quote and decodes entities', () => {
    const html =
      '<div dir="ltr">Fish &amp; chips<br>please</div><br><div class="gmail_quote"><div>On Mon wrote:</div><blockquote>old</blockquote></div>';
    expect(stripReply(htmlToText(html))).toBe('Fish & chips\nplease');
  });
  it('cuts an Outlook reply at its divRplyFwdMsg', () => {
    const html =
      '<html><head><style>p{}</style></head><body><p>Done</p><hr><div id="divRplyFwdMsg">From: x</div></body></html>';
    expect(stripReply(htmlToText(html))).toBe('Done');
  });
  it('cuts at a blockquote (Apple Mail, Thunderbird)', () => {
    expect(stripReply(htmlToText('<div>Yes&#33;</div><blockquote type="cite">old</blockquote>'))).toBe('Yes!');
  });
});

describe('replyText', () => {
  it('prefers the text part, falls back to HTML, and is empty without either', () => {
    expect(replyText({ text: 'hi\n> old', html: '<p>other</p>' })).toBe('hi');
    expect(replyText({ text: '  ', html: '<p>from html</p>' })).toBe('from html');
    expect(replyText({})).toBe('');
  });
});
