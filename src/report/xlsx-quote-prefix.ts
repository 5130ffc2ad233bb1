// exceljs 4.4.0 cannot write the `quotePrefix` attribute of a cell format (<xf>), which
// spreadsheet apps use to mark "this text was typed with a leading apostrophe". The
// formula-injection defence (./neutralise.ts) needs it so that a re-edited cell keeps its
// apostrophe. This module teaches exceljs's style writer one more attribute: a style model
// with `quotePrefix: true` gets its own <xf ... quotePrefix="1">. exceljs is pinned to an
// exact version; test/report-workbook.test.ts reads the attribute back with openpyxl, so a
// change in exceljs's internals fails the tests instead of silently dropping the defence.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface XmlStream {
  openNode(name: string, attrs?: Record<string, unknown>): void;
  addAttribute(name: string, value: unknown): void;
}
interface StyleXformProto {
  render(xmlStream: XmlStream, model: Record<string, unknown>): void;
}
interface StylesXformProto {
  addStyleModel(model: Record<string, unknown> | undefined, cellType?: unknown): number;
  _addStyle(style: Record<string, unknown>): number;
  __quotePrefixNext?: boolean;
}

let installed = false;

export function installQuotePrefixSupport(): void {
  if (installed) return;
  const StyleXform = require('exceljs/lib/xlsx/xform/style/style-xform.js') as { prototype: StyleXformProto };
  const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as { prototype: StylesXformProto };
  const styleProto = StyleXform.prototype;
  const stylesProto = StylesXform.prototype;
  if (typeof styleProto.render !== 'function' || typeof stylesProto.addStyleModel !== 'function' || typeof stylesProto._addStyle !== 'function') {
    throw new Error('exceljs internals changed: cannot add quotePrefix support (see src/report/xlsx-quote-prefix.ts)');
  }

  const render = styleProto.render;
  styleProto.render = function (xmlStream, model) {
    if (!model.quotePrefix) return render.call(this, xmlStream, model);
    // The attribute must follow the <xf> opening and precede its child nodes.
    const open = xmlStream.openNode;
    xmlStream.openNode = function (name, attrs) {
      open.call(this, name, attrs);
      if (name === 'xf') {
        xmlStream.openNode = open;
        this.addAttribute('quotePrefix', '1');
      }
    };
    try {
      render.call(this, xmlStream, model);
    } finally {
      xmlStream.openNode = open;
    }
  };

  const addStyleModel = stylesProto.addStyleModel;
  stylesProto.addStyleModel = function (model, cellType) {
    if (!model || !model.quotePrefix) return addStyleModel.call(this, model, cellType);
    this.__quotePrefixNext = true;
    try {
      return addStyleModel.call(this, model, cellType);
    } finally {
      this.__quotePrefixNext = false;
    }
  };
  const addStyle = stylesProto._addStyle;
  stylesProto._addStyle = function (style) {
    if (this.__quotePrefixNext) style.quotePrefix = true;
    return addStyle.call(this, style);
  };
  installed = true;
}
