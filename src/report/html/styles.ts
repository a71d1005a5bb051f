// The report's inline CSS: screen layout, the fixed-height rows the virtual list relies on, and a print stylesheet.

/** CSS for a report with `modelCount` model columns in the record list. Row height must match ROW_H (88px). */
export function reportStyles(modelCount: number): string {
  // Rows are absolutely positioned, so they cannot size the scroll area; give rows, header and spacer the grid's
  // minimum width so many models scroll sideways instead of squeezing (max-content would let one long line win).
  const minWidth = 190 + 220 + modelCount * 210 + (modelCount + 1) * 8 + 16;
  return `
:root{--fg:#1d232b;--muted:#5f6b7a;--line:#d8dee6;--bg:#fff;--soft:#f4f6f9;--pass:#1a7f37;--fail:#c62828;--warn:#a15c00;--accent:#2457c5;--passbg:#e6f4ea;--failbg:#fdecea;--warnbg:#fff4e0}
*{box-sizing:border-box}
body{margin:0;padding:16px 24px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK JP",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}h4{margin:0 0 4px;font-size:13px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:var(--soft);padding:0 3px;border-radius:3px;word-break:break-all}
.muted{color:var(--muted)}.note{color:var(--muted);font-size:12.5px;max-width:70em}.note.warn{color:var(--warn)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.facts{display:flex;flex-wrap:wrap;gap:4px 28px;margin:8px 0}.facts dt{font-size:11px;text-transform:uppercase;color:var(--muted)}.facts dd{margin:0}
.models{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;list-style:none;margin:6px 0}
.toc a{margin-right:12px;color:var(--accent)}
.badge{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;background:var(--soft);border:1px solid var(--line)}
.badge.base{background:#e8efff;border-color:#b8c9f0}
.gate-banner{display:inline-block;padding:4px 10px;border-radius:4px;font-size:15px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0}th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{font-size:12px;background:var(--soft);position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.best{background:var(--passbg);font-weight:600}.star{color:#b8860b}
.ci{color:var(--muted);font-size:12px;font-weight:400}.cov{color:var(--muted);font-size:11.5px}.common{color:var(--muted);font-size:11.5px;font-style:italic}ul.notes{color:var(--warn);font-size:13px;max-width:70em}.cov.warn,td.warn{color:var(--warn);font-weight:600}
td.err,.err{color:var(--fail);font-weight:600}
.verdict{padding:1px 7px;border-radius:8px;font-size:12px;background:var(--soft);white-space:nowrap}
.verdict-better,.verdict-pass{background:var(--passbg);color:var(--pass)}.verdict-worse,.verdict-regression{background:var(--failbg);color:var(--fail)}.verdict-inconclusive,.verdict-incomplete{background:var(--warnbg);color:var(--warn)}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;font-size:12px}svg .grid{stroke:#e6e9ee}svg .axis{stroke:#8a94a3}svg .tick,svg .none{fill:var(--muted);font-size:11px}
svg .bar{fill:#8fb0e8}svg .bar.best{fill:#4f83d9}svg .ci line{stroke:#1d232b;stroke-width:1.5}svg .point circle{fill:#4f83d9}svg .point text{font-size:11px}
.controls{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;padding:8px;background:var(--soft);border:1px solid var(--line);border-radius:6px}
.controls label{white-space:nowrap}.controls input[type=search]{width:18em}.cnt{color:var(--muted);font-size:12px}
button,select,input{font:inherit}button{cursor:pointer}
:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
#list-head,#list .row{display:grid;grid-template-columns:190px minmax(220px,1.3fr) repeat(${modelCount},minmax(210px,1fr));gap:0 8px}
#list-head{overflow:hidden;font-weight:600;font-size:12px;background:var(--soft);border:1px solid var(--line);border-bottom:0;padding:4px 8px}
#list-head>div{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#list{position:relative;height:62vh;min-height:260px;overflow:auto;border:1px solid var(--line);outline-offset:-2px}
#spacer,#list-head,#list .row{min-width:${minWidth}px}#spacer{position:relative}
#list .row{position:absolute;left:0;right:0;height:88px;padding:6px 8px;border-bottom:1px solid var(--line);cursor:pointer;overflow:hidden}
#list .row.sel{background:#eef3fd;box-shadow:inset 3px 0 0 var(--accent)}
#list .row:hover{background:#f7f9fc}
.c-id{overflow:hidden;font-size:12px}.rid{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.tags{color:var(--muted);font-size:11px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.c-prompt,.c-model .out{overflow:hidden;display:-webkit-box;-webkit-box-orient:vertical;white-space:pre-wrap;word-break:break-word;font-size:12.5px}
.c-prompt{-webkit-line-clamp:4}.c-model .out{-webkit-line-clamp:3;color:#333}
.c-model{overflow:hidden;min-width:0}.c-model.st-error .out{color:var(--fail)}.c-model.st-missing,.c-model.st-not-run,.c-model.st-filtered{color:var(--muted)}
.chips{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;height:19px}
.chip{display:inline-block;font-size:11px;padding:0 5px;margin-right:3px;border-radius:7px;background:var(--soft)}
.chip.pass{background:var(--passbg);color:var(--pass)}.chip.fail{background:var(--failbg);color:var(--fail)}
.fl{display:inline-block;font-size:10.5px;padding:0 4px;margin:1px 2px 0 0;border-radius:6px;background:var(--soft)}
.fl-fail,.fl-regressed,.fl-error{background:var(--failbg);color:var(--fail)}.fl-disagree,.fl-missing{background:var(--warnbg);color:var(--warn)}
.fl-fixed{background:var(--passbg);color:var(--pass)}.fl-changed{background:#e8efff;color:var(--accent)}
#empty{padding:12px;color:var(--muted)}
.keys{font-size:12px;color:var(--muted)}kbd{border:1px solid var(--line);border-radius:3px;padding:0 4px;background:var(--soft);font-size:11px}
#detail{margin-top:12px;border:1px solid var(--line);border-radius:6px;padding:12px}
.dhead{display:flex;justify-content:space-between;align-items:center}.dhead h3{margin:0;word-break:break-all}
.tblock{margin:10px 0}.pre{white-space:pre-wrap;word-break:break-word;background:var(--soft);padding:6px 8px;border-radius:4px;font-size:13px}
.cut{color:var(--warn);font-size:12px;margin:2px 0}
.meta{font-size:12px;background:var(--soft);padding:4px 8px;white-space:pre-wrap;word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px;min-width:0}.card.st-error{border-color:#e7a9a4}.card.st-missing,.card.st-not-run,.card.st-filtered{background:var(--soft)}
.card .facts{display:block;margin:0 0 4px;color:var(--muted);font-size:12px}
table.scores{font-size:12px;margin:4px 0 8px}table.scores td.pass{color:var(--pass)}table.scores td.fail{color:var(--fail)}td.reason{color:#333}
mark.exact{background:#fff0a8}.hit{background:#e4f1ff;border-bottom:1px solid #9cc3f5}
.more{margin-top:4px;font-size:12px}
@media print{
  body{padding:0;font-size:11px}.toc,.controls,#list,#list-head,.keys,#count,#empty,#detail .close,.more{display:none!important}
  .scroll{overflow:visible}table{font-size:9.5px}th,td{padding:2px 4px}thead th{position:static}
  #explorer .print-note{display:block}table{page-break-inside:auto}tr{page-break-inside:avoid}section{page-break-inside:auto}
  .charts figure{page-break-inside:avoid}#detail{border:0;padding:0}
}
.print-note{display:none}
`;
}
