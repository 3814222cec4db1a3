/**
 * The simulator's one XML reader, for every XML body a client sends (record, design and
 * people imports, project settings, Create Project's ODM). fast-xml-parser does the
 * parsing and the well-formedness check; this module only turns its ordered output into
 * a small element tree and reads REDCap's `<root><item>...</item></root>` lists from it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element of a parsed XML document. `name` keeps its prefix (`redcap:Variable`). */
export interface XmlNode {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlNode[];
  /** The element's own text (CDATA and entities decoded), child elements left out. */
  readonly text: string;
}

/** Thrown for text that is not well-formed XML; the message says what is wrong. */
export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError' as const;
}

/** fast-xml-parser's `preserveOrder` output: one key per entry, the element's name (or `#text`, `#cdata`), `:@` its attributes. */
type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

const TEXT = '#text';
const CDATA = '#cdata';
const ATTRIBUTES = ':@';

// Every value stays the string the client sent: no number parsing, no trimming, attributes kept.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: CDATA,
  // The parser's own decoder knows numeric references only together with HTML's names;
  // REDCap's libxml decodes XML's five names and numeric references, nothing else.
  entityDecoder: {
    decode: decodeXmlEntities,
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
  },
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML's five named entities and numeric character references; anything else stays as written. */
function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity] ?? '';
  });
}

/**
 * Parses a whole document and returns its root element. The declaration, comments,
 * processing instructions and a DOCTYPE are skipped; a byte-order mark is allowed.
 *
 * @throws {XmlSyntaxError} when the text is not one well-formed element.
 * @example
 * ```ts
 * const root = parseXml('<records><item><age>44</age></item></records>');
 * root.children[0]?.children[0]?.text; // '44'
 * ```
 */
export function parseXml(source: string): XmlNode {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg);
  const roots = elementsOf(parser.parse(text) as OrderedEntry[]);
  // The validator accepts several top-level elements; a document has exactly one.
  if (roots.length === 0) throw new XmlSyntaxError('Start tag expected.');
  if (roots.length > 1) throw new XmlSyntaxError('Extra content at the end of the document');
  return roots[0] as XmlNode;
}

/** The elements among ordered entries; text and CDATA entries belong to their parent's text. */
function elementsOf(entries: readonly OrderedEntry[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const entry of entries) {
    const name = Object.keys(entry).find((key) => key !== ATTRIBUTES);
    if (name === undefined || name === TEXT || name === CDATA) continue;
    const content = (entry[name] ?? []) as OrderedEntry[];
    out.push({
      name,
      attributes: new Map(Object.entries(entry[ATTRIBUTES] ?? {}).map(([key, value]) => [key, String(value)])),
      children: elementsOf(content),
      text: textOf(content),
    });
  }
  return out;
}

/** The text and CDATA entries of an element's content, in document order. */
function textOf(content: readonly OrderedEntry[]): string {
  let text = '';
  for (const entry of content) {
    if (TEXT in entry) text += String(entry[TEXT]);
    else if (CDATA in entry) text += textOf(entry[CDATA] as OrderedEntry[]);
  }
  return text;
}

/**
 * The `<item>` elements of REDCap's list format, `<root><item><a>1</a></item>...</root>`.
 * `undefined` when the document's root is not `expectedRoot` (REDCap then finds no rows).
 *
 * @throws {XmlSyntaxError} when the text is not well-formed, or the root holds anything but items.
 * @example
 * ```ts
 * const items = parseXmlItems('<arms><item><arm_num>1</arm_num></item></arms>', 'arms');
 * items?.map(itemValues); // [Map { 'arm_num' => '1' }]
 * ```
 */
export function parseXmlItems(text: string, expectedRoot: string): XmlNode[] | undefined {
  const root = parseXml(text);
  if (root.name !== expectedRoot) return undefined;
  for (const child of root.children)
    if (child.name !== 'item') throw new XmlSyntaxError(`Unexpected element '${child.name}' in '${root.name}'`);
  return root.children;
}

/**
 * One item's values, element name to text (a repeated name keeps its last value).
 *
 * @example
 * ```ts
 * itemValues(parseXml('<item><a>1</a><b><![CDATA[x]]></b></item>')); // Map { 'a' => '1', 'b' => 'x' }
 * ```
 */
export function itemValues(item: XmlNode): Map<string, string> {
  return new Map(item.children.map((child) => [child.name, child.text]));
}

/**
 * REDCap's list format read into rows of values: {@link parseXmlItems} then {@link itemValues}.
 *
 * @throws {XmlSyntaxError} as {@link parseXmlItems} does.
 * @example
 * ```ts
 * parseXmlRows('<records><item><record_id>1</record_id></item></records>', 'records'); // [Map { 'record_id' => '1' }]
 * ```
 */
export function parseXmlRows(text: string, expectedRoot: string): Map<string, string>[] | undefined {
  return parseXmlItems(text, expectedRoot)?.map(itemValues);
}

/** Whether the element is `name`, with or without a namespace prefix. */
function isNamed(node: XmlNode, name: string): boolean {
  return node.name === name || node.name.endsWith(`:${name}`);
}

/**
 * The child elements named `name` (with or without a namespace prefix).
 *
 * @example
 * ```ts
 * childrenNamed(parseXml('<a><x:b/><b/><c/></a>'), 'b').length; // 2
 * ```
 */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => isNamed(child, name));
}

/**
 * The first child element named `name`, if any.
 *
 * @example
 * ```ts
 * childNamed(parseXml('<ODM><Study/></ODM>'), 'Study')?.name; // 'Study'
 * ```
 */
export function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((child) => isNamed(child, name));
}

/**
 * Every descendant element named `name`, in document order.
 *
 * @example
 * ```ts
 * descendantsNamed(parseXml('<a><b><c/></b><c/></a>'), 'c').length; // 2
 * ```
 */
export function descendantsNamed(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of node.children) {
    if (isNamed(child, name)) out.push(child);
    out.push(...descendantsNamed(child, name));
  }
  return out;
}
