// Byte-reproducible workbooks: exceljs's streaming writer stamps every zip entry with the
// time of writing (archiver's default), so two runs on the same inputs wrote different
// bytes and a re-performed audit could never reproduce the manifest's hash. Every entry is
// stamped with the audit's evaluation instant instead (zip times are UTC here), as the
// document properties (created, modified) are. The writer adds its first entries inside its
// constructor, so the stamp is installed from there (the first method it calls on itself).
import ExcelJS from 'exceljs';

type WriterOptions = ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0];

interface Internals {
  zip: { append(source: unknown, data: Record<string, unknown>): unknown };
  addThemes(): Promise<void>;
}

const DATE = Symbol('entry date');

class FixedDateWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  override addThemes(): Promise<void> {
    const self = this as unknown as Internals & { zipOptions?: { [DATE]?: Date } };
    const date = self.zipOptions?.[DATE];
    if (date) {
      const append = self.zip.append.bind(self.zip);
      self.zip.append = (source, data) => append(source, { ...data, date });
    }
    return (ExcelJS.stream.xlsx.WorkbookWriter.prototype as unknown as Internals).addThemes.call(this);
  }
}

/** A streaming workbook writer whose zip entries all carry `date`, and so do its document properties. */
export function fixedDateWorkbookWriter(options: WriterOptions, date: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  const wb = new FixedDateWorkbookWriter({ ...options, zip: { ...(options as { zip?: object }).zip, [DATE]: date } } as WriterOptions);
  wb.created = date;
  wb.modified = date;
  return wb;
}
