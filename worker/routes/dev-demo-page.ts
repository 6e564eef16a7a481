// The demo host page's HTML: a fake customer website that embeds the widget the way customers do,
// optionally with deliberately hostile CSS (global resets, `all: unset !important`, odd fonts,
// rules aimed at the widget's own element and class names) to show the widget is unaffected.

import { WIDGET_LOCALES } from '../../contract/locales.ts';

export interface DemoPageOptions {
  parleyOrigin: string;
  widgetKey: string;
  hostile: boolean;
  widget: boolean;
  nonce: string;
}

const HOSTILE_CSS = `
  :root { --pc: lime !important; --pt: red !important; font-size: 9px !important; }
  * { all: unset !important; }
  *, *::before, *::after {
    font-family: "Comic Sans MS", "Papyrus", fantasy, cursive !important;
    color: #7cfc00 !important; background: #2b0030 !important; line-height: 2.7 !important;
    letter-spacing: 2px !important; text-transform: uppercase !important; word-spacing: 9px !important;
    box-sizing: content-box !important; transition: all 3s !important; cursor: crosshair !important;
    text-shadow: 2px 2px 0 #f0f !important;
  }
  body * { direction: rtl !important; unicode-bidi: bidi-override !important; }
  html, body, main, header, section, div, p, h1, h2 { display: block !important; }
  head, script, style, title { display: none !important; }
  html { overflow-x: hidden !important; }
  body { margin: 0 !important; padding: 24px !important; min-height: 200vh !important; }
  div, section, button, p, span, a, img, svg, ul, li, textarea, input, form, header, h2 {
    border: 5px dashed magenta !important; margin: 7px !important; padding: 11px !important;
    font-size: 27px !important; font-weight: 900 !important; font-style: italic !important;
  }
  button, .launcher, .panel, .bubble, .composer, .msg, .pw, [class*="launch"] {
    display: inline !important; position: static !important; width: 13px !important; height: 13px !important;
    background: yellow !important; color: black !important; border-radius: 0 !important; visibility: visible !important;
  }
  parley-widget, [class^="parley"], body > :last-child { display: none !important; opacity: 0 !important;
    position: absolute !important; top: -9999px !important; transform: scale(0.1) rotate(45deg) !important;
    filter: blur(4px) invert(1) !important; pointer-events: none !important; }
  svg, path { fill: red !important; width: 300px !important; height: 300px !important; }
  a { color: red !important; text-decoration: line-through wavy !important; }
  textarea, input { font-size: 40px !important; height: 90px !important; font-family: monospace !important; }
  ::selection { background: red !important; color: yellow !important; }
`;

const BASIC_CSS = `
  body { font: 16px/1.5 Georgia, serif; margin: 0; padding: 24px 32px; max-width: 760px; color: #222; }
  header { border-bottom: 1px solid #ddd; margin-bottom: 16px; }
  button { margin: 4px 4px 4px 0; }
  #log { font: 12px/1.4 monospace; background: #f4f4f4; padding: 8px; min-height: 3em; white-space: pre-wrap; }
`;

export function demoPage(o: DemoPageOptions): string {
  const script = o.widget
    ? `<script nonce="${o.nonce}">
window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
var log = function (line) { document.getElementById('log').textContent += line + '\\n'; };
['ready', 'open', 'close', 'message', 'unread'].forEach(function (name) {
  Parley('on', name, function (data) { log(name + ' ' + (data ? JSON.stringify(data) : '')); });
});
document.addEventListener('click', function (e) {
  var cmd = e.target && e.target.getAttribute && e.target.getAttribute('data-cmd');
  if (!cmd) return;
  var arg = e.target.getAttribute('data-arg');
  if (arg) Parley(cmd, arg); else Parley(cmd);
});
</script>
<script async src="${o.parleyOrigin}/widget.js" data-widget-key="${o.widgetKey}" nonce="${o.nonce}"></script>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Outdoor — Parley widget demo</title>
<style nonce="${o.nonce}">${BASIC_CSS}${o.hostile ? HOSTILE_CSS : ''}</style>
</head>
<body>
<header><h1>Acme Outdoor</h1><p>A pretend customer website${o.hostile ? ' with hostile CSS' : ''}.</p></header>
<main>
  <p>Tents, stoves and everything in between. The chat launcher sits in the corner: it is the
  Parley widget, in a Shadow DOM, loaded by one async script tag.</p>
  <p>
    <button type="button" data-cmd="open">Parley.open()</button>
    <button type="button" data-cmd="close">Parley.close()</button>
    <button type="button" data-cmd="toggle">Parley.toggle()</button>
    ${WIDGET_LOCALES.map((l) => `<button type="button" data-cmd="setLocale" data-arg="${l.id}">${l.label}</button>`).join('\n    ')}
  </p>
  <section class="panel"><p class="bubble">Page content using the widget's class names.</p>
    <button type="button" class="launcher">A page button named .launcher</button></section>
  <h2>Events</h2>
  <div id="log"></div>
</main>
${script}
</body>
</html>`;
}
