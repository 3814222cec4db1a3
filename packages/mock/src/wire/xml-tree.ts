import { decodeXmlEntities } from './xml.ts';

/** An element of a parsed XML document. `name` keeps its prefix (`redcap:Variable`). */
export interface XmlNode {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlNode[];
  /** The element's own text (CDATA and entities decoded), child elements left out. */
  text: string;
}

const START_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

/** Thrown by {@link parseXmlTree} for text that is not well-formed enough to read. */
export class XmlTreeError extends Error {
  override name = 'XmlTreeError' as const;
}

/**
 * A small non-validating XML parser: elements, attributes, text, CDATA, entities;
 * the declaration, comments, processing instructions and a DOCTYPE are skipped.
 * Returns the root element; throws {@link XmlTreeError} for mismatched or unclosed tags.
 */
export function parseXmlTree(source: string): XmlNode {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt === -1 ? text.slice(i) : text.slice(i, lt);
    if (chunk !== '') {
      const top = stack.at(-1);
      if (top) top.text += decodeXmlEntities(chunk);
      else if (chunk.trim() !== '') throw new XmlTreeError('Content outside the root element');
    }
    if (lt === -1) break;
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end === -1) throw new XmlTreeError('Unclosed CDATA section');
      const top = stack.at(-1);
      if (!top) throw new XmlTreeError('CDATA outside the root element');
      top.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end === -1) throw new XmlTreeError('Unclosed comment');
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end === -1) throw new XmlTreeError('Unclosed processing instruction');
      i = end + 2;
    } else if (text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt);
      if (end === -1) throw new XmlTreeError('Unclosed declaration');
      i = end + 1;
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      if (end === -1) throw new XmlTreeError('Unclosed end tag');
      const name = text.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw new XmlTreeError(`Opening and ending tag mismatch: ${top?.name ?? ''} and ${name}`);
      i = end + 1;
    } else {
      START_TAG.lastIndex = lt;
      const tag = START_TAG.exec(text);
      if (!tag) throw new XmlTreeError('Malformed start tag');
      const attributes = new Map<string, string>();
      const attributePattern = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      for (let match = attributePattern.exec(tag[2] ?? ''); match; match = attributePattern.exec(tag[2] ?? '')) {
        attributes.set(match[1] as string, decodeXmlEntities(match[2] ?? match[3] ?? ''));
      }
      const node: XmlNode = { name: tag[1] as string, attributes, children: [], text: '' };
      const parent = stack.at(-1);
      if (parent) parent.children.push(node);
      else if (root) throw new XmlTreeError('Extra content at the end of the document');
      else root = node;
      if (tag[3] !== '/') stack.push(node);
      i = lt + tag[0].length;
    }
  }
  if (!root) throw new XmlTreeError('Start tag expected');
  if (stack.length > 0) throw new XmlTreeError(`Premature end of data in tag ${stack.at(-1)?.name ?? ''}`);
  return root;
}

/** The child elements named `name` (with or without a namespace prefix). */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => child.name === name || child.name.endsWith(`:${name}`));
}

/** The first child element named `name`, if any. */
export function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  return childrenNamed(node, name)[0];
}

/** Every descendant element named `name`, in document order. */
export function descendantsNamed(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of node.children) {
    if (child.name === name || child.name.endsWith(`:${name}`)) out.push(child);
    out.push(...descendantsNamed(child, name));
  }
  return out;
}
