// A stylesheet joins the widget's shadow root once: as a constructed, adopted sheet (no <style>, so a
// host page's strict CSP needs no 'unsafe-inline'), or as a <style> where constructable sheets are
// missing. The widget's own styles and each lazy chunk's (uploads, rare views, the emoji picker) use it.
const sheets = new Map<string, CSSStyleSheet>();

/** Adds `css` to `root` once under `name`; returns the <style> it appended on old browsers, else undefined. */
export function adoptSheet(root: ShadowRoot, name: string, css: string): HTMLStyleElement | undefined {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    let sheet = sheets.get(name);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(name, sheet);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return undefined;
  }
  if (root.querySelector(`style[data-sheet="${name}"]`)) return undefined;
  const style = document.createElement('style');
  style.dataset.sheet = name;
  style.textContent = css;
  root.append(style);
  return style;
}
