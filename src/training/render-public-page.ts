import { escapeHtml } from '../mail/escape-html.js';

/** A rendered page and the HTTP status it goes with. */
export interface RenderedPage {
  status: number;
  title: string;
  html: string;
}

/**
 * The HTML document around every public page a partner's contact opens (the consent page, the
 * partner page): no JavaScript, not indexed, no referrer sent on, with the page's own styles.
 */
export function renderPublicPage(status: number, title: string, body: string, style: string): RenderedPage {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Partner enablement</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
  return { status, title, html };
}
