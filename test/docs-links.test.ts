import * as fs from 'fs';
import * as path from 'path';

// Every relative link of README.md and docs/*.md resolves: the file exists and, for `#anchor`, the heading
// does (GitHub's slugs). Links in fenced code blocks are code, not links.

const ROOT = path.join(__dirname, '..');
const PAGES = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The lines of a Markdown file outside fenced code blocks. */
function prose(file: string): string[] {
  let fenced = false;
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        fenced = !fenced;
        return false;
      }
      return !fenced;
    });
}

/** GitHub's anchors of a file's headings: lowercased, punctuation dropped, spaces to `-`, repeats numbered. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(file)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = m[1]!
      .replace(/<[^>]+>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** Relative link targets of a file: `[text](target)` and `![alt](target)`, no URLs, no mailto. */
function links(file: string): string[] {
  return prose(file)
    .map((line) => line.replace(/`[^`]*`/g, ''))
    .flatMap((line) => [...line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!))
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

describe('links of README.md and docs/*.md', () => {
  test('the pages are there', () => {
    // GIVEN / WHEN / THEN
    expect(PAGES).toEqual(
      expect.arrayContaining(['README.md', 'docs/delinkcious.md', 'docs/development.md']),
    );
  });

  test.each(PAGES)('%s: every relative link resolves', (page) => {
    // GIVEN the page's links / WHEN each is resolved from the page's folder / THEN file and anchor exist
    const broken = links(page).filter((target) => {
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const resolved =
        file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      const full = path.join(ROOT, resolved);
      if (!fs.existsSync(full)) return true;
      if (anchor === undefined || anchor === '' || !resolved.endsWith('.md')) return false;
      return !anchors(resolved).has(decodeURIComponent(anchor));
    });
    expect(broken).toEqual([]);
  });

  test('anchors follow GitHub: punctuation dropped, spaces to dashes', () => {
    // GIVEN / WHEN / THEN
    expect(anchors('docs/delinkcious.md').has('output-dist')).toBe(true);
    expect(anchors('README.md').has('use-shipshape-in-your-own-project')).toBe(true);
  });
});
