/**
 * The quick check forms make before sending an address (the server validates it fully): one @,
 * something before it, a dot inside the domain, no spaces. Linear in the input, unlike the usual
 * regular expression, whose backtracking grows with the square of a long run of dots.
 */
export function looksLikeEmail(raw: string): boolean {
  const s = raw.trim();
  const at = s.indexOf('@');
  if (at < 1 || at !== s.lastIndexOf('@') || /\s/.test(s)) return false;
  return s.slice(at + 2, -1).includes('.');
}
