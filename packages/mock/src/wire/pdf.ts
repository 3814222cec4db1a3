/** Lines per page of {@link simplePdf}. */
const LINES_PER_PAGE = 50;

/** A string literal of a PDF content stream: `\`, `(`, `)` escaped, characters outside Latin-1 as `?`. */
function pdfString(text: string): string {
  let out = '(';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    if (ch === '\\' || ch === '(' || ch === ')') out += `\\${ch}`;
    else if (code < 0x20) out += ' ';
    else if (code > 0xff) out += '?';
    else out += ch;
  }
  return `${out})`;
}

/**
 * A small, well-formed PDF 1.3 document (Helvetica, Letter pages, a cross-reference table
 * with exact offsets): each section starts a page, long sections continue on more pages.
 * Characters are written as WinAnsi bytes (outside Latin-1 as `?`).
 */
export function simplePdf(title: string, sections: readonly (readonly string[])[]): Uint8Array {
  const pages: string[][] = [];
  for (const section of sections.length > 0 ? sections : [[]]) {
    for (let start = 0; start === 0 || start < section.length; start += LINES_PER_PAGE)
      pages.push(section.slice(start, start + LINES_PER_PAGE));
  }
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 5 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = `<< /Title ${pdfString(title)} /Producer (REDCap) /Creator (REDCap) >>`;
  pages.forEach((lines, index) => {
    const id = pageIds[index] as number;
    const body = [
      'BT',
      '/F1 10 Tf',
      '14 TL',
      '50 750 Td',
      ...lines.map((line) => `${pdfString(line)} Tj T*`),
      `0 -14 Td (Page ${index + 1}) Tj`,
      'ET',
    ].join('\n');
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${body.length} >>\nstream\n${body}\nendstream`;
  });
  let out = '%PDF-1.3\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id] as string}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i) & 0xff;
  return bytes;
}
