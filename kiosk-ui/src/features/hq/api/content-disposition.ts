/**
 * The file name a `Content-Disposition` header suggests: RFC 6266's `filename*=UTF-8''…` (percent-
 * encoded, preferred) or the plain `filename="…"`. Only the base name is kept, so a name can
 * never point into a folder.
 */
export function fileNameFrom(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(header);
  let name: string | null = null;
  if (extended && extended[1]!.toLowerCase() === 'utf-8') {
    try {
      name = decodeURIComponent(extended[2]!.trim());
    } catch {
      name = null;
    }
  }
  if (name === null) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2] ?? null) : null;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : null;
}
