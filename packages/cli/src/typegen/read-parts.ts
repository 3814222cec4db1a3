import { readFile } from 'node:fs/promises';
import type { DictionaryField, ProjectParts } from '@redcap-sdk/core';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../connection.ts';

/** The dictionary's columns in REDCap's order: the order of its CSV download, whose headers are labels. */
const columns: readonly (keyof DictionaryField)[] = [
  'field_name',
  'form_name',
  'section_header',
  'field_type',
  'field_label',
  'select_choices_or_calculations',
  'field_note',
  'text_validation_type_or_show_slider_number',
  'text_validation_min',
  'text_validation_max',
  'identifier',
  'branching_logic',
  'required_field',
  'custom_alignment',
  'question_number',
  'matrix_group_name',
  'matrix_ranking',
  'field_annotation',
];

/** The files `redcap typegen` reads offline; only the dictionary is required. */
export interface PartFiles {
  readonly dictionary: string;
  readonly events?: string | undefined;
  readonly mappings?: string | undefined;
  readonly repeating?: string | undefined;
  readonly projectInfo?: string | undefined;
}

async function text(path: string): Promise<string> {
  return readFile(path, 'utf8').then(
    (content) => content.replace(/^\uFEFF/, ''),
    (error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${path}: ${error.code ?? error.message}`);
    },
  );
}

async function json<T>(path: string | undefined): Promise<T | undefined> {
  if (path === undefined) return undefined;
  const content = await text(path);
  try {
    return JSON.parse(content) as T;
  } catch (error) {
    throw new UsageError(`${path} is not JSON (${(error as Error).message}); give the JSON of the matching export.`);
  }
}

/**
 * A data dictionary file: REDCap's CSV download (headers such as "Variable / Field Name",
 * read by position), a CSV with the API's column names (`field_name`, ...), or the JSON
 * of `metadata.export()`.
 *
 * @example
 * ```ts
 * const metadata = await readDictionary('Project_DataDictionary.csv');
 * ```
 */
export async function readDictionary(path: string): Promise<DictionaryField[]> {
  const content = await text(path);
  if (/^\s*\[/.test(content)) return (await json<DictionaryField[]>(path)) ?? [];
  const rows = parse(content, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [header, ...body] = rows;
  if (!header || header.length < 5) throw new UsageError(`${path} is not a data dictionary: its first row has no dictionary columns.`);
  const named = header[0]?.trim() === 'field_name';
  return body.map((cells) => {
    const field: Record<string, string> = {};
    cells.forEach((cell, index) => {
      const name = named ? header[index]?.trim() : columns[index];
      if (name) field[name] = cell;
    });
    return field as unknown as DictionaryField;
  });
}

/**
 * The parts of a project from files: the dictionary, and where given the events,
 * instrument-event mappings, repeating setup and project info (JSON of their exports).
 *
 * @example
 * ```ts
 * const parts = await readParts({ dictionary: 'dictionary.csv', events: 'events.json' });
 * ```
 */
export async function readParts(files: PartFiles): Promise<ProjectParts> {
  const [metadata, events, formEventMappings, repeating, info] = await Promise.all([
    readDictionary(files.dictionary),
    json<ProjectParts['events']>(files.events),
    json<ProjectParts['formEventMappings']>(files.mappings),
    json<ProjectParts['repeating']>(files.repeating),
    json<ProjectParts['info']>(files.projectInfo),
  ]);
  if (metadata.length === 0) throw new UsageError(`${files.dictionary} has no fields.`);
  return { metadata, events, formEventMappings, repeating, info };
}
