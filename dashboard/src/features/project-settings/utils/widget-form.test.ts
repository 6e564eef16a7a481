// The widget form: validation like the API's, allowed-domain parsing, and the embed snippet.
import { describe, expect, it } from 'vitest';
import {
  embedSnippet,
  parseDomains,
  strictEmbedSnippet,
  WIDGET_DEFAULTS,
  widgetErrors,
  withDefaults,
} from './widget-form.ts';

describe('widget form', () => {
  it('fills unset fields with the widget defaults and validates like the API', () => {
    const form = withDefaults({ color: '#112233' });
    expect(form).toEqual({ ...WIDGET_DEFAULTS, color: '#112233' });
    expect(widgetErrors(form)).toEqual({});
    expect(
      Object.keys(widgetErrors({ ...form, color: 'red', locale: 'english', launcherLabel: 'x'.repeat(41) })),
    ).toEqual(['color', 'launcherLabel', 'locale']);
  });

  it('normalises domains to origins and lists what is not one', () => {
    expect(parseDomains('example.com\nhttps://App.Example.com/\nhttp://localhost:3000, example.com')).toEqual({
      origins: ['https://example.com', 'https://app.example.com', 'http://localhost:3000'],
      invalid: [],
    });
    expect(parseDomains('https://example.com/path ftp://x.test user@x.test').invalid).toEqual([
      'https://example.com/path',
      'ftp://x.test',
      'user@x.test',
    ]);
    expect(parseDomains('  ')).toEqual({ origins: [], invalid: [] });
  });

  it('gives the two tags to embed, with the key and this deployment', () => {
    const snippet = embedSnippet('https://chat.example.com', 'pk_abc');
    expect(snippet).toContain(
      '<script async src="https://chat.example.com/widget.js" data-widget-key="pk_abc"></script>',
    );
    expect(snippet).toContain('Parley.q');
  });

  it('shows a stored locale the list no longer has as its language', () => {
    expect(withDefaults({ locale: 'pt-BR' }).locale).toBe('pt');
    expect(withDefaults({ locale: 'zh' }).locale).toBe('en');
    expect(withDefaults({ locale: 'es' }).locale).toBe('es');
  });

  it('offers one tag without inline script, for a strict CSP', () => {
    expect(strictEmbedSnippet('https://chat.example.com', 'pk_abc')).toBe(
      '<script async src="https://chat.example.com/widget.js" data-widget-key="pk_abc"></script>',
    );
  });
});
