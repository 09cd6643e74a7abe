import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Code and docs cite the product's rules as `docs/<file>.md`, optionally followed by the section
// title in quotes: `// docs/rules.md, "Tiers"`. These tests keep every such citation pointing at a
// page and a heading that exist, so that a renamed section cannot silently orphan its citations,
// and keep the repository free of references to a product contract that lives outside it.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCANNED = ['src', 'test', 'extensions', 'workflows', 'scripts', 'bench', 'examples', 'docs', 'bin', '.ci', 'README.md', 'ARCHITECTURE.md'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', 'test-output', '.git', '.partner-enablement']);
const TEXT_FILE = /\.(?:ts|tsx|mts|js|mjs|cjs|json|md|ya?ml|sh)$|^run$/;

// Written in two parts so that the pattern is not itself a reference.
const EXTERNAL_CONTRACT = new RegExp(['CONT', 'RACT(?:\\.md|\\s*§)'].join(''), 'g');

/**
 * `docs/<file>.md`, not as part of a longer path or URL, then optionally `, "Title"` or ` "Title"`.
 * A title may wrap onto the next comment line (`*` or `//` continue it).
 */
const CITATION = /(?<![\w/.-])docs\/([\w-]+\.md)(?:,?[ \t]*"([^"]{1,120})")?/g;

interface Citation {
  file: string;
  line: number;
  page: string;
  section: string | undefined;
}

function listFiles(relative: string): string[] {
  const absolute = path.join(ROOT, relative);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    return [];
  }
  if (stats.isFile()) return TEXT_FILE.test(path.basename(relative)) ? [relative] : [];
  return readdirSync(absolute)
    .filter((entry) => !SKIPPED_DIRECTORIES.has(entry))
    .flatMap((entry) => listFiles(path.join(relative, entry)));
}

function normaliseTitle(title: string): string {
  return title
    .replace(/\s*\n\s*(?:\*|\/\/|#)?\s*/g, ' ')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Every `docs/<file>.md` citation in `text`, with its section title when one follows. */
function findCitations(file: string, text: string): Citation[] {
  return [...text.matchAll(CITATION)].map((match) => ({
    file,
    line: lineOf(text, match.index),
    page: match[1]!,
    section: match[2] === undefined ? undefined : normaliseTitle(match[2]),
  }));
}

/** The headings of a Markdown page (outside fenced code), as plain text. */
function headingsOf(markdown: string): Set<string> {
  const headings = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) headings.add(normaliseTitle(heading[1]!));
  }
  return headings;
}

/** What is wrong with each citation: a page that does not exist, or a heading the page lacks. */
function brokenCitations(citations: Citation[], pages: ReadonlyMap<string, Set<string>>): string[] {
  return citations.flatMap((citation) => {
    const where = `${citation.file}:${citation.line}`;
    const headings = pages.get(citation.page);
    if (!headings) return [`${where}: docs/${citation.page} does not exist`];
    if (citation.section !== undefined && !headings.has(citation.section)) {
      return [`${where}: docs/${citation.page} has no section "${citation.section}"`];
    }
    return [];
  });
}

function readDocsPages(): Map<string, Set<string>> {
  const pages = new Map<string, Set<string>>();
  for (const file of listFiles('docs')) {
    if (file.endsWith('.md')) pages.set(path.basename(file), headingsOf(readFileSync(path.join(ROOT, file), 'utf8')));
  }
  return pages;
}

const THIS_FILE = path.relative(ROOT, fileURLToPath(import.meta.url));

/** Every scanned file but this one, whose examples of broken citations are meant to be broken. */
function readScannedFiles(): Array<{ file: string; text: string }> {
  return SCANNED.flatMap(listFiles)
    .filter((file) => file !== THIS_FILE)
    .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));
}

describe('citations of docs/', () => {
  const pages = readDocsPages();
  const files = readScannedFiles();

  it('has the documentation pages the code cites', () => {
    expect([...pages.keys()].sort()).toEqual(expect.arrayContaining(['README.md', 'data.md', 'interfaces.md', 'properties.md', 'rules.md']));
  });

  it('cites only pages and sections that exist', () => {
    const citations = files.flatMap(({ file, text }) => findCitations(file, text));
    // The source does cite the docs by section: an empty scan would prove nothing.
    expect(citations.filter((citation) => citation.section !== undefined).length).toBeGreaterThan(10);
    expect(brokenCitations(citations, pages)).toEqual([]);
  });

  it('never refers to a contract kept outside the repository', () => {
    const references = files.flatMap(({ file, text }) =>
      [...text.matchAll(EXTERNAL_CONTRACT)].map((match) => `${file}:${lineOf(text, match.index)}: ${match[0]}`),
    );
    expect(references).toEqual([]);
  });

  it('links from one docs page to another only where the target exists', () => {
    const broken = files
      .filter(({ file }) => file.startsWith(`docs${path.sep}`))
      .flatMap(({ file, text }) =>
        [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
          .map((match) => match[1]!)
          .filter((target) => !/^[a-z]+:/.test(target))
          .filter((target) => listFiles(path.join(path.dirname(file), target)).length === 0 && !isDirectory(path.join(path.dirname(file), target)))
          .map((target) => `${file}: ${target}`),
      );
    expect(broken).toEqual([]);
  });
});

function isDirectory(relative: string): boolean {
  try {
    return statSync(path.join(ROOT, relative)).isDirectory();
  } catch {
    return false;
  }
}

describe('the citation check itself', () => {
  const pages = new Map([['rules.md', headingsOf('# Rules\n\n## Tiers\n\n```md\n## Not a heading\n```\n### `Readiness score`\n')]]);

  it('accepts a citation of an existing page and section, wrapped or not', () => {
    const text = '// docs/rules.md, "Tiers"\n/** see docs/rules.md "Readiness\n * score" */\n// docs/rules.md';
    expect(findCitations('a.ts', text).map((c) => c.section)).toEqual(['Tiers', 'Readiness score', undefined]);
    expect(brokenCitations(findCitations('a.ts', text), pages)).toEqual([]);
  });

  it('reports a section the page does not have, and a heading inside a code block is no section', () => {
    const text = 'x\n// docs/rules.md, "Trend"\n// docs/rules.md, "Not a heading"';
    expect(brokenCitations(findCitations('a.ts', text), pages)).toEqual([
      'a.ts:2: docs/rules.md has no section "Trend"',
      'a.ts:3: docs/rules.md has no section "Not a heading"',
    ]);
  });

  it('reports a page that does not exist, and ignores docs/ inside a longer path or URL', () => {
    const text = '// docs/limits.md, "Tiers"\n// https://developers.hubspot.com/docs/api.md\n// vendor/docs/x.md';
    expect(brokenCitations(findCitations('a.ts', text), pages)).toEqual(['a.ts:1: docs/limits.md does not exist']);
  });

  it('finds a reference to the outside contract', () => {
    const text = ['// see ../shared/CONT', 'RACT.md and CONT', 'RACT §3'].join('');
    expect(text.match(EXTERNAL_CONTRACT)).toHaveLength(2);
  });
});
