// Reads the JSON blocks back out of a rendered report.html, as the browser would.

export function embeddedJson(html: string, id: string): unknown {
  const open = `<script type="application/json" id="${id}">`;
  const start = html.indexOf(open);
  if (start < 0) throw new Error(`no script block #${id}`);
  const end = html.indexOf('</script>', start);
  return JSON.parse(html.slice(start + open.length, end));
}

/** Executable (non-JSON) script elements in the page. */
export function executableScripts(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}
