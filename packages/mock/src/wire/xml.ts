/** The XML declaration REDCap starts every XML body with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>';

/** A value as REDCap writes it inside an element: CDATA when non-empty (`]]>` split), nothing when empty. */
export function cdata(value: string): string {
  if (value === '') return '';
  return `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** `<name>` + CDATA value + `</name>`. */
export function xmlElement(name: string, value: string): string {
  return `<${name}>${cdata(value)}</${name}>`;
}

/**
 * REDCap's list body: declaration, newline, `<root>`, newline, one `<item>` per row on its
 * own line, `</root>`.
 */
export function xmlItems(root: string, rows: readonly (readonly (readonly [string, string])[])[], item = 'item'): string {
  let out = `${XML_DECLARATION}\n<${root}>\n`;
  for (const row of rows) {
    out += `<${item}>${row.map(([name, value]) => xmlElement(name, value)).join('')}</${item}>\n`;
  }
  return `${out}</${root}>`;
}

/** Decodes the five XML entities and numeric character references. */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[entity] ?? '';
  });
}

/** Thrown by {@link parseXmlRecords} with a message in the style of PHP's XML parser. */
export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError' as const;
}

/**
 * Reads `<root><item><a>1</a><b><![CDATA[x]]></b></item>...</root>` into rows. Returns
 * `undefined` when the root is not `expectedRoot`; throws {@link XmlSyntaxError} when the
 * text is not well-formed enough to read.
 */
export function parseXmlRecords(text: string, expectedRoot: string): Map<string, string>[] | undefined {
  let source = text
    .trim()
    .replace(/^<\?xml[^>]*\?>/, '')
    .trim();
  const rootMatch = /^<([A-Za-z_][\w.-]*)\s*>/.exec(source);
  if (!rootMatch) throw new XmlSyntaxError('Start tag expected');
  const root = rootMatch[1] as string;
  if (!source.endsWith(`</${root}>`)) throw new XmlSyntaxError(`Opening and ending tag mismatch: ${root}`);
  if (root !== expectedRoot) return undefined;
  source = source.slice(rootMatch[0].length, source.length - root.length - 3);
  const rows: Map<string, string>[] = [];
  const itemPattern = /\s*<item\s*>([\s\S]*?)<\/item>\s*|\s*<item\s*\/>\s*/y;
  let position = 0;
  while (position < source.length) {
    itemPattern.lastIndex = position;
    const item = itemPattern.exec(source);
    if (!item) {
      if (source.slice(position).trim() === '') break;
      throw new XmlSyntaxError('Extra content at the end of the document');
    }
    position = itemPattern.lastIndex;
    const row = new Map<string, string>();
    const body = item[1] ?? '';
    const fieldPattern = /\s*<([A-Za-z_][\w.-]*)\s*(?:\/>|>([\s\S]*?)<\/\1>)\s*/y;
    let at = 0;
    while (at < body.length) {
      fieldPattern.lastIndex = at;
      const field = fieldPattern.exec(body);
      if (!field) {
        if (body.slice(at).trim() === '') break;
        throw new XmlSyntaxError('Opening and ending tag mismatch');
      }
      at = fieldPattern.lastIndex;
      row.set(field[1] as string, readXmlText(field[2] ?? ''));
    }
    rows.push(row);
  }
  return rows;
}

function readXmlText(raw: string): string {
  let out = '';
  const pattern = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let match = pattern.exec(raw); match; match = pattern.exec(raw)) {
    out += decodeXmlEntities(raw.slice(last, match.index)) + (match[1] ?? '');
    last = pattern.lastIndex;
  }
  return out + decodeXmlEntities(raw.slice(last));
}
