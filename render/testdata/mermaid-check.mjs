// Parses Mermaid files with the real Mermaid parser, for TestMermaidRealParser.
//
// Usage: node mermaid-check.mjs MODULES_DIR FILE...
// where MODULES_DIR holds node_modules with mermaid and jsdom
// (npm install mermaid jsdom). Prints "OK file type" or "FAIL file message"
// per file and exits 1 if any failed.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [dir, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(dir), 'index.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
const mermaid = (await import(pathToFileURL(require.resolve('mermaid')).href)).default;
mermaid.initialize({ startOnLoad: false });
for (const f of files) {
  try {
    const r = await mermaid.parse(fs.readFileSync(f, 'utf8'));
    console.log('OK', f, r.diagramType);
  } catch (e) {
    console.log('FAIL', f, String(e.message).replace(/\n/g, ' '));
    process.exitCode = 1;
  }
}
