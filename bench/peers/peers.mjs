// The stack people use today, timed stage by stage on the same pages as newsfacts:
//   main text:  jsdom (DOM) + @mozilla/readability
//   extraction: @microsoft/recognizers-text-suite (numbers, currency, percentages, dates) + chrono-node
// Recognizers takes seconds per article, so it runs on a sample (--sample N pages, spread evenly);
// its per-article time is extrapolated. newsfacts' figures come from ingest_bench on the same folder
// (`--jobs 1`: one core each), read from its RESULT line.
//
// Usage: node peers.mjs --pages DIR --newsfacts BIN --ingest-bench BIN [--sample N]
//   DIR holds *.html pages (run.sh prepares it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Readability } from '@mozilla/readability';
import Recognizers from '@microsoft/recognizers-text-suite';
import * as chrono from 'chrono-node';
import { JSDOM, VirtualConsole } from 'jsdom';

function parseArgs(argv) {
  const args = { sample: 8 };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) throw new Error(`missing value after ${argv[i]}`);
    args[key === 'ingest-bench' ? 'ingestBench' : key] = key === 'sample' ? Number(argv[i + 1]) : argv[i + 1];
  }
  for (const required of ['pages', 'newsfacts', 'ingestBench']) {
    if (!args[required]) throw new Error(`--${required} is required`);
  }
  return args;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

function main() {
  const args = parseArgs(process.argv);
  const files = fs.readdirSync(args.pages).filter((f) => f.endsWith('.html')).sort();
  if (files.length === 0) throw new Error(`no .html pages in ${args.pages}`);
  console.log(`pages: ${files.length} in ${args.pages}; load ${load()}`);

  // Stage 1: jsdom + Readability on every page (reading the file included, as for newsfacts).
  const virtualConsole = new VirtualConsole();  // silences CSS/script warnings
  const texts = [];
  let t0 = now();
  for (const f of files) {
    const html = fs.readFileSync(path.join(args.pages, f), 'utf8');
    const dom = new JSDOM(html, { url: 'https://example.com/', virtualConsole });
    const article = new Readability(dom.window.document).parse();
    texts.push(article && article.textContent ? article.textContent : '');
    dom.window.close();
  }
  const readabilityS = now() - t0;
  console.log(`jsdom+Readability: ${readabilityS.toFixed(2)} s, ${(files.length / readabilityS).toFixed(2)} pages/s; load ${load()}`);

  // Stage 2a: chrono on every text.
  let chronoResults = 0;
  t0 = now();
  for (const text of texts) chronoResults += chrono.parse(text, new Date(2024, 0, 1)).length;
  const chronoS = now() - t0;
  console.log(`chrono: ${chronoS.toFixed(2)} s, ${(texts.length / chronoS).toFixed(2)} articles/s, ${chronoResults} dates`);

  // Stage 2b: Recognizers on an evenly spread sample.
  const sample = [];
  const n = Math.min(args.sample, texts.length);
  for (let k = 0; k < n; ++k) sample.push(texts[Math.floor((k * texts.length) / n)]);
  const culture = Recognizers.Culture.English;
  let recognized = 0;
  let sampleChars = 0;
  t0 = now();
  for (const text of sample) {
    sampleChars += text.length;
    recognized += Recognizers.recognizeNumber(text, culture).length;
    recognized += Recognizers.recognizeCurrency(text, culture).length;
    recognized += Recognizers.recognizePercentage(text, culture).length;
    recognized += Recognizers.recognizeDateTime(text, culture).length;
  }
  const recognizersSampleS = now() - t0;
  const allChars = texts.reduce((a, t) => a + t.length, 0);
  // Extrapolated by characters (its cost grows with text length), not by page count.
  const recognizersS = sampleChars > 0 ? (recognizersSampleS * allChars) / sampleChars : 0;
  console.log(`Recognizers: ${recognizersSampleS.toFixed(2)} s on ${n} pages (${sampleChars} chars, ${recognized} results); ` +
              `extrapolated to all ${files.length} pages: ${recognizersS.toFixed(1)} s; load ${load()}`);

  // newsfacts on the same folder, one core.
  // Three rounds: the fastest run on even cores counts (see ingest_bench --repeat).
  const bench = spawnSync(args.ingestBench, [args.newsfacts, args.pages, '--jobs', '1', '--repeat', '3'], { encoding: 'utf8' });
  if (bench.status !== 0) throw new Error(`ingest_bench failed (${bench.status}): ${bench.stderr}`);
  process.stdout.write(bench.stdout.split('\n').map((l) => `  | ${l}`).join('\n') + '\n');
  const line = bench.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error('no RESULT line in ingest_bench output');
  const r = Object.fromEntries(line.slice(7).trim().split(/\s+/).map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));

  const pages = files.length;
  const js = {
    main: pages / readabilityS,
    extract: pages / (recognizersS + chronoS),
    overall: pages / (readabilityS + recognizersS + chronoS),
  };
  const nf = {
    main: pages / (r.read_s + r.parse_s),
    extract: pages / r.extract_s,
    overall: pages / r.e2e_1_s,
  };
  const row = (name, a, b, goal) =>
    console.log(`${name.padEnd(34)} ${a.toFixed(2).padStart(10)} ${b.toFixed(1).padStart(12)} ${(b / a).toFixed(0).padStart(8)}x  ${goal}`);
  console.log(`\nper core, articles/s (load ${load()})`);
  console.log(`${'stage'.padEnd(34)} ${'JS stack'.padStart(10)} ${'newsfacts'.padStart(12)} ${'ratio'.padStart(9)}`);
  row('main text (read + HTML -> text)', js.main, nf.main, 'goal >= 10x');
  row('extraction (Recognizers + chrono)', js.extract, nf.extract, '');
  row('whole pipeline (ingest --jobs 1)', js.overall, nf.overall, 'goal >= 300x');
  console.log(`RESULT js_main=${js.main} js_extract=${js.extract} js_overall=${js.overall} nf_main=${nf.main} ` +
              `nf_extract=${nf.extract} nf_overall=${nf.overall}`);
}

try {
  main();
} catch (e) {
  console.error(`peers.mjs: ${e.message}`);
  process.exit(1);
}
