/**
 * Where to send someone back to after a form: only a path on TellOnce itself, never another site.
 */
export function safeReturnPath(candidate: string | undefined, fallback = '/'): string {
  if (!candidate) return fallback;
  let pathValue = candidate;
  if (/^https?:\/\//i.test(candidate)) {
    try {
      const url = new URL(candidate);
      pathValue = `${url.pathname}${url.search}`;
    } catch {
      return fallback;
    }
  }
  if (!pathValue.startsWith('/') || pathValue.startsWith('//') || pathValue.startsWith('/\\')) return fallback;
  return pathValue;
}
