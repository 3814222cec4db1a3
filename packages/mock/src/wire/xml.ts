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
