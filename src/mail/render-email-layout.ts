import { escapeHtml } from './escape-html.js';

/** A paragraph of an email: plain text, or a call-to-action link. */
export type EmailBlock = { text: string } | { link: { label: string; href: string } };

/** Renders blocks as the plain-text and HTML bodies of one email, escaping every value. */
export function renderEmailLayout(title: string, blocks: EmailBlock[]): { text: string; html: string } {
  const text = blocks.map((block) => ('text' in block ? block.text : `${block.link.label}: ${block.link.href}`)).join('\n\n');
  const htmlBlocks = blocks.map((block) =>
    'text' in block
      ? `<p>${escapeHtml(block.text)}</p>`
      : `<p><a href="${escapeHtml(block.link.href)}" style="display:inline-block;padding:12px 20px;background:#0b6b57;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(block.link.label)}</a></p>`,
  );
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:36rem;margin:0 auto;padding:1rem">',
    ...htmlBlocks,
    '</body></html>',
  ].join('\n');
  return { text: `${text}\n`, html };
}
