import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { projectFrom, type DictionaryField } from '@redcap-sdk/core';
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import ts from 'typescript';
import { generateProjectModule } from '../src/typegen/generate.ts';

const cli = join(import.meta.dirname, '../dist/cli.js');
const coreTypes = join(import.meta.dirname, '../../core/dist/index.d.ts');
const run = promisify(execFile);

const field = (name: string, form: string, type: string, extra: Partial<DictionaryField> = {}): DictionaryField =>
  ({ field_name: name, form_name: form, field_type: type, field_label: name, ...extra }) as DictionaryField;

/** A dictionary with the cases that trip generators: commas and quotes in labels, zero and negative codes, missing-data columns. */
const tricky: DictionaryField[] = [
  field('study_id', 'intake', 'text'),
  field('intro', 'intake', 'descriptive'),
  field('age', 'intake', 'text', { text_validation_type_or_show_slider_number: 'integer' }),
  field('weight', 'intake', 'text', { text_validation_type_or_show_slider_number: 'number_2dp_comma_decimal' }),
  field('seen', 'intake', 'text', { text_validation_type_or_show_slider_number: 'datetime_dmy' }),
  field('start', 'intake', 'text', { text_validation_type_or_show_slider_number: 'time_mm_ss' }),
  field('score', 'intake', 'calc', { select_choices_or_calculations: '[age] * 2' }),
  field('pain', 'intake', 'slider'),
  field('smoker', 'intake', 'yesno'),
  field('where', 'intake', 'radio', { select_choices_or_calculations: '0, Home, "sweet" home | -1, Back\\slash, or not | 2, Ünïcode' }),
  field('symptoms', 'intake', 'checkbox', { select_choices_or_calculations: '1, Cough | -1, None | 0, Zero' }),
  field('quiet', 'intake', 'checkbox', { select_choices_or_calculations: '1, A | 2, B', field_annotation: '@NOMISSING' }),
  field('scan', 'intake', 'file'),
];

async function compiles(files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'typegen-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const program = ts.createProgram(
      Object.keys(files).map((name) => join(dir, name)),
      {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
        skipLibCheck: true,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        types: [],
        paths: { '@redcap-sdk/core': [coreTypes] },
      },
    );
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('typegen: each field kind, codes, checkbox columns with missing-data codes, labels as data', () => {
  const project = projectFrom({ metadata: tricky, info: { missing_data_codes: 'UNK, Unknown | NA, Not applicable' } });
  const text = generateProjectModule(project, { source: 'dictionary.csv' });
  const line = (name: string): string => text.split('\n').find((l) => l.trimStart().startsWith(`readonly ${name}:`)) ?? '';
  ok(!text.includes('intro'), 'descriptive fields hold no data');
  ok(line('age').includes('"number"') && line('weight').includes('"number"') && line('score').includes('"number"'), text);
  ok(line('pain').includes('"number"') && line('smoker').includes('"boolean"') && line('scan').includes('"file"'), text);
  ok(line('seen').includes('"datetime"') && line('start').includes('"time_mm_ss"'), text);
  ok(line('where').includes('readonly codes: "0" | "-1" | "2"'), line('where'));
  ok(
    line('symptoms').includes(
      'readonly columns: { readonly symptoms___1: "1"; readonly symptoms____1: "-1"; readonly symptoms___0: "0"; readonly symptoms___unk: "UNK"; readonly symptoms___na: "NA" }',
    ),
    line('symptoms'),
  );
  ok(line('quiet').includes('{ readonly quiet___1: "1"; readonly quiet___2: "2" }'), 'no missing-data columns with @NOMISSING');
  ok(text.includes('readonly missingCodes: "UNK" | "NA";'), text);
  ok(text.includes('readonly events: {};') && text.includes('readonly repeatingForms: never;'), text);
  ok(text.includes('where: { "0": "Home, \\"sweet\\" home", "-1": "Back\\\\slash, or not", "2": "Ünïcode" },'), text);
  strictEqual(generateProjectModule(project, { source: 'dictionary.csv' }), text, 'the same project gives the same text');
});

test('typegen against the simulator: the module compiles, typed exports compile, unknown fields do not', async () => {
  const mock = createMockRedcap();
  const server = await startMockServer(mock, { port: 0 });
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'typegen', '--name', 'Study'], {
      env: { ...process.env, REDCAP_URL: server.url, REDCAP_TOKEN: mock.token },
    });
    ok(!stdout.includes(mock.token) && !stderr.includes(mock.token), 'the token is never written');
    ok(stdout.includes('export interface Study extends ProjectTypes'), stdout);
    ok(stdout.includes('readonly repeatingForms: "visits";'), stdout);
    ok(/readonly baseline_arm_1: "demographics"/.test(stdout), stdout);
    const usage = [
      "import { createRedcap } from '@redcap-sdk/core';",
      "import { type Study, studyChoices } from './study.ts';",
      "const redcap = createRedcap<Study>({ url: 'https://redcap.example.edu/api/', token: null });",
      'export async function use(): Promise<void> {',
      "  const rows = await redcap.records.export({ fields: ['record_id', 'age', 'sex'], cast: true });",
      '  const age: number | null | undefined = rows[0]?.age;',
      "  const sex: '0' | '1' | null | undefined = rows[0]?.sex;",
      "  const female: 'Female' = studyChoices.sex['0'];",
      '  void [age, sex, female];',
      "  // @ts-expect-error no field 'agee'",
      "  await redcap.records.export({ fields: ['agee'] });",
      "  // @ts-expect-error no field 'shoe_size'",
      "  await redcap.records.import([{ record_id: '1', shoe_size: '9' }]);",
      '}',
    ].join('\n');
    deepStrictEqual(await compiles({ 'study.ts': stdout, 'use.ts': usage }), []);
    // The check can fail: a field the project does not have is a compile error.
    const errors = await compiles({ 'study.ts': stdout, 'use.ts': usage.replaceAll('// @ts-expect-error', '//') });
    strictEqual(errors.length, 2, errors.join('\n'));
  } finally {
    await server.close();
  }
});

test("typegen from REDCap's data dictionary CSV download, offline", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'typegen-csv-'));
  try {
    const csv = [
      '\uFEFF"Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels","Field Note","Text Validation Type OR Show Slider Number","Text Validation Min","Text Validation Max","Identifier?","Branching Logic (Show field only if...)","Required Field?","Custom Alignment","Question Number (surveys only)","Matrix Group Name","Matrix Ranking?","Field Annotation"',
      'record_id,demo,,text,"Record ID",,,,,,,,,,,,,',
      'dose,demo,,text,"Dose",,,number,,,,,,,,,,',
      'color,demo,,dropdown,"Colour, favourite","1, Red, dark | 2, ""Blue""",,,,,,,,,,,,',
      'notes,demo,,notes,"Notes,\nmore than one line",,,,,,,,,,,,,',
    ].join('\r\n');
    await writeFile(join(dir, 'dictionary.csv'), csv);
    await run(process.execPath, [cli, 'typegen', '--dictionary', join(dir, 'dictionary.csv'), '-o', join(dir, 'project.ts')]);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(join(dir, 'project.ts'), 'utf8');
    ok(text.includes('readonly recordId: "record_id";'), text);
    ok(text.includes('readonly dose: { readonly form: "demo"; readonly kind: "number" };'), text);
    ok(text.includes('readonly color: { readonly form: "demo"; readonly kind: "choice"; readonly codes: "1" | "2" };'), text);
    ok(text.includes('color: { "1": "Red, dark", "2": "\\"Blue\\"" },'), text);
    ok(text.includes('readonly notes: { readonly form: "demo"; readonly kind: "text" };'), text);
    deepStrictEqual(await compiles({ 'project.ts': text }), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
