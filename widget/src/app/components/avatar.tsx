// An agent's picture when the URL is http(s), else their initials on the brand colour.
import { safeHref } from '../../../../ui-shared/linkify.ts';

export function Avatar({ name, url, size = 32 }: { name: string; url?: string; size?: number }) {
  const src = url ? safeHref(url) : null;
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part.charAt(0).toUpperCase())
      .join('') || '?';
  return src ? (
    <img class="avatar" src={src} alt="" width={size} height={size} referrerpolicy="no-referrer" />
  ) : (
    <span class="avatar" aria-hidden="true">
      {initials}
    </span>
  );
}
