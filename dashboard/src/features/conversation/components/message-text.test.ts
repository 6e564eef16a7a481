// The dashboard's message bubbles link with the widget's rules: http(s) only, new tab, no opener
// or referrer, and markup in a message stays text.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageText } from './message-text.tsx';

const render = (body: string) => renderToStaticMarkup(createElement(MessageText, { body }));

describe('MessageText', () => {
  it('makes http(s) URLs links that open in a new tab without opener or referrer', () => {
    const html = render('Order at https://shop.example.com/orders/42?x=1, thanks');
    expect(html).toContain(
      '<a href="https://shop.example.com/orders/42?x=1" target="_blank" rel="noopener noreferrer nofollow"',
    );
    expect(html).toContain('>https://shop.example.com/orders/42?x=1</a>, thanks');
  });

  it('keeps markup and other schemes as text', () => {
    const html = render('<img src=x onerror=alert(1)> javascript:alert(1) data:text/html,<b>x</b>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<a');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('leaves plain text alone', () => {
    expect(render('no links here')).toBe('no links here');
  });
});

describe('MessageText with mentions', () => {
  const names: Record<string, string> = { 'u-b': 'Manager B', 'u-me': 'Alice' };
  const renderNote = (body: string, ids: string[] | undefined) =>
    renderToStaticMarkup(
      createElement(MessageText, { body, mentions: { ids, nameOf: (id) => names[id], meId: 'u-me' } }),
    );

  it("draws a mentioned teammate's @Name as a chip, mine marked, and keeps the links", () => {
    const html = renderNote('@Manager B see https://x.example/a and @Alice', ['u-b', 'u-me']);
    expect(html).toMatch(/<span data-testid="mention" class="[^"]*">@Manager B<\/span>/);
    expect(html).toMatch(/<span data-testid="mention" data-me="true" class="[^"]*">@Alice<\/span>/);
    expect(html).toContain('<a href="https://x.example/a" target="_blank" rel="noopener noreferrer nofollow"');
  });

  it('leaves text plain for unknown ids or no mentions, and never renders markup', () => {
    expect(renderNote('@Nobody <b>x</b>', ['u-unknown'])).toBe('@Nobody &lt;b&gt;x&lt;/b&gt;');
    expect(renderNote('@Manager B', undefined)).toBe('@Manager B');
  });
});
