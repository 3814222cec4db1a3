/** Writing XML the way REDCap does: its declaration, CDATA values and list bodies (reading is `xml-read.ts`). */
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

/**
 * One object as REDCap writes a single-item answer (project info, randomization): `<items>`
 * holding one CDATA element per key on a single line.
 *
 * @example
 * ```ts
 * xmlObject({ record: '1', target_field: 'A' });
 * // '<?xml version="1.0" encoding="UTF-8" ?>\n<items>\n<record><![CDATA[1]]></record><target_field><![CDATA[A]]></target_field>\n</items>\n'
 * ```
 */
export function xmlObject(values: Readonly<Record<string, string | number>>): string {
  let body = `${XML_DECLARATION}\n<items>\n`;
  for (const [key, value] of Object.entries(values)) body += `<${key}>${cdata(String(value))}</${key}>`;
  return `${body}\n</items>\n`;
}
