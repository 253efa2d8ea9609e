/// The Mustache templates of the report.
///
/// Every value from the leads goes through `{{name}}`, which swift-mustache HTML-escapes
/// (`& < > " '`) in text and in quoted attribute values alike. The only unescaped insertions,
/// `{{{svg}}}`, are SVG that Graphviz wrote from escaped DOT (it escapes every label and
/// tooltip it writes). Plot was tried first: it does not escape attribute values and passes
/// entity references such as `&amp;` through unchanged, so a lead could inject markup there.
enum ReportTemplates {
  static let style = """
    :root{--red:#b03030;--grey:#666;--line:#ddd}
    body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
    margin:0 auto;max-width:1200px;padding:1em 2em;color:#222;line-height:1.45}
    h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid var(--red);padding-bottom:.2em;margin-top:1.6em}
    table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
    th,td{border:1px solid var(--line);padding:.25em .5em;text-align:left;vertical-align:top}
    th{background:#f3f3f3}th.sortable{cursor:pointer;user-select:none}th.sortable::after{content:" ⇅";color:#aaa}
    td.num{text-align:right;font-variant-numeric:tabular-nums}tr.best td{background:#fff3f0;font-weight:bold}
    tr:target td{background:#fff6c8}.muted{color:var(--grey)}.note{background:#f7f7f7;border-left:4px solid #aaa;padding:.4em .8em}
    .diagram{overflow:auto;border:1px solid var(--line);padding:.5em;max-height:80vh}.diagram svg{height:auto}
    code{font-size:.9em;word-break:break-all}.facts span{margin-right:1.5em}
    """

  /// Sorts a table when a `th.sortable` is clicked, by each cell's `data-v` (numbers) or text.
  static let sortScript = """
    document.querySelectorAll("table.sortable").forEach(function(table){
      table.querySelectorAll("th.sortable").forEach(function(th,column){
        th.addEventListener("click",function(){
          var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
          var down=th.getAttribute("data-order")!=="desc";th.setAttribute("data-order",down?"desc":"asc");
          rows.sort(function(a,b){
            var x=a.cells[column].getAttribute("data-v"),y=b.cells[column].getAttribute("data-v");
            var c=(x!==null&&y!==null)?(parseFloat(x)-parseFloat(y)):a.cells[column].textContent.localeCompare(b.cells[column].textContent,"zh");
            return down?-c:c;});
          rows.forEach(function(r){body.appendChild(r);});});});});
    """

  static let index = """
    <!DOCTYPE html>
    <html lang="zh">
    <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>piracy-trace 调查报告 · {{rings}} rings</title><style>{{{style}}}</style></head>
    <body>
    <h1>盗版线索调查报告 <span class="muted">Investigation report</span></h1>
    <p class="muted">piracy-trace {{version}} · seed {{seed}} · method {{method}}</p>

    <h2 id="summary">摘要 Summary</h2>
    <p class="facts"><span><b>{{leads}}</b> leads 线索</span><span><b>{{duplicates}}</b> duplicates merged</span>
    <span><b>{{rejects}}</b> rejected rows</span><span><b>{{stores}}</b> stores 店铺</span>
    <span><b>{{rings}}</b> rings 团伙</span><span><b>{{hubs}}</b> hubs</span></p>
    <table><thead><tr><th>file 文件</th><th>format</th><th>encoding</th><th>rows</th><th>leads</th><th>rejects</th><th>SHA-256</th></tr></thead>
    <tbody>{{#inputs}}<tr><td>{{file}}</td><td>{{format}}</td><td>{{encoding}}</td><td class="num">{{rows}}</td>
    <td class="num">{{leads}}</td><td class="num">{{rejects}}</td><td><code>{{sha256}}</code></td></tr>{{/inputs}}</tbody></table>
    {{#failed}}<p class="note">Not read: {{file}} — {{error}}</p>{{/failed}}
    {{#hasNotes}}<h3>Notes on the diagrams</h3><ul>{{#notes}}<li>{{.}}</li>{{/notes}}</ul>{{/hasNotes}}

    <h3 id="top-sources">最可能的上游 Top sources</h3>
    <table><thead><tr><th>ring</th><th>stores</th><th>source 来源</th><th>kind</th><th>score</th><th>reaches</th></tr></thead>
    <tbody>{{#topSources}}<tr><td><a href="{{page}}">{{id}}</a></td><td class="num">{{stores}}</td><td>{{label}}</td>
    <td>{{kind}}</td><td class="num">{{score}}</td><td class="num">{{covers}}</td></tr>{{/topSources}}</tbody></table>

    <h3 id="hubs">不参与关联的公共节点 Hubs kept out of linking</h3>
    <p>A value shared by many unrelated stores (a courier sorting centre, a platform warehouse, a 400 number) proves nothing
    about a ring, so it never links stores.</p>
    <table><thead><tr><th>kind</th><th>value</th><th>stores</th><th>why</th></tr></thead>
    <tbody>{{#hubList}}<tr><td>{{kind}}</td><td>{{label}}</td><td class="num">{{stores}}</td><td>{{why}}</td></tr>{{/hubList}}</tbody></table>

    <h2 id="rings">团伙 Rings</h2>
    <p>Click a column to sort. {{ringPageNote}}</p>
    <table class="sortable" id="ring-table"><thead><tr><th class="sortable">ring</th><th class="sortable">score</th>
    <th class="sortable">stores</th><th class="sortable">publishers</th><th class="sortable">leads</th>
    <th>most likely source</th><th>diagram</th></tr></thead>
    <tbody>{{#ringRows}}<tr id="{{id}}"><td>{{#page}}<a href="{{page}}">{{id}}</a>{{/page}}{{^page}}{{id}}{{/page}}</td>
    <td class="num" data-v="{{score}}">{{score}}</td><td class="num" data-v="{{stores}}">{{stores}}</td>
    <td class="num" data-v="{{publishers}}">{{publishers}}</td><td class="num" data-v="{{leads}}">{{leads}}</td>
    <td>{{source}}</td><td>{{#diagram}}yes{{/diagram}}</td></tr>{{/ringRows}}</tbody></table>

    {{#overview}}<h2 id="overview">总览 Overview</h2><div class="diagram">{{{svg}}}</div>{{/overview}}

    <h2 id="super-sources">跨团伙来源 Super-sources</h2>
    <p>Values that feed stores of several rings: one printer or warehouse behind several rings.</p>
    <table><thead><tr><th>kind</th><th>value</th><th>rings</th><th>stores</th></tr></thead>
    <tbody>{{#superSources}}<tr><td>{{kind}}</td><td>{{label}}</td><td>{{#rings}}<a href="{{page}}">{{id}}</a> {{/rings}}{{more}}</td>
    <td class="num">{{stores}}</td></tr>{{/superSources}}</tbody></table>

    <h2 id="rejects">未采用的行 Rejected rows</h2>
    <table><thead><tr><th>reason</th><th>rows</th></tr></thead>
    <tbody>{{#rejectReasons}}<tr><td>{{reason}}</td><td class="num">{{count}}</td></tr>{{/rejectReasons}}</tbody></table>
    <p>{{rejectNote}} Every rejected row is in <a href="rejects.csv">rejects.csv</a>.</p>
    <table><thead><tr><th>file:line</th><th>reason</th><th>raw text</th></tr></thead>
    <tbody>{{#rejectRows}}<tr><td>{{file}}:{{line}}</td><td>{{reason}}</td><td><code>{{raw}}</code></td></tr>{{/rejectRows}}</tbody></table>

    <h2 id="reproduce">复现 Reproduce</h2>
    <p>The same files and this command give the same report, byte for byte (piracy-trace {{version}}):</p>
    <pre><code>{{command}}</code></pre>
    <script>{{{script}}}</script>
    </body></html>

    """

  static let ring = """
    <!DOCTYPE html>
    <html lang="zh">
    <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{id}} · piracy-trace</title><style>{{{style}}}</style></head>
    <body>
    <p><a href="../report.html#rings">← 全部团伙 all rings</a></p>
    <h1>团伙 Ring {{id}}</h1>
    <p class="facts"><span><b>{{stores}}</b> stores</span><span><b>{{leads}}</b> leads</span>
    <span>score <b>{{score}}</b></span><span>publishers: {{publishers}}</span></p>
    <p>Why one ring: the stores below share the values in <a href="#shared">Shared values</a>, each shown by the leads in
    <a href="#evidence">Evidence</a>; values shared by unrelated stores (hubs) were left out.</p>

    <h2 id="diagram">关系图 Diagram</h2>
    {{#svg}}<div class="diagram">{{{svg}}}</div>{{/svg}}
    {{^svg}}<p class="note">No diagram for this ring: only the best rings get one (<code>--diagrams N|all</code>).</p>{{/svg}}
    {{#diagramNote}}<p class="note">{{diagramNote}}</p>{{/diagramNote}}

    <h2 id="upstream">上游来源 Upstream candidates</h2>
    <table><thead><tr><th>#</th><th>kind</th><th>value</th><th>identifiers</th><th>score</th><th>reaches</th>
    <th>reach</th><th>direct</th><th>tier</th><th>specificity</th><th>evidence</th><th>pagerank</th></tr></thead>
    <tbody>{{#upstream}}<tr class="{{rowClass}}"><td class="num">{{rank}}</td><td>{{kind}}</td><td>{{label}}</td>
    <td><code>{{identifiers}}</code></td><td class="num">{{score}}</td><td class="num">{{covers}}</td>
    {{#components}}<td class="num">{{.}}</td>{{/components}}</tr>{{/upstream}}</tbody></table>
    <p class="muted">score = 0.30 reach + 0.02 direct + 0.40 tier + 0.08 specificity + 0.05 evidence + 0.15 pagerank.</p>

    <h2 id="takedown">打击方案 Takedown plan</h2>
    <p>The smallest set of sources found that together reach at least 90% of the ring's stores:</p>
    <ul>{{#takedown}}<li><code>{{.}}</code></li>{{/takedown}}</ul>

    <h2 id="stores">店铺 Stores</h2>
    <table><thead><tr><th>store</th><th>name</th><th>platform</th><th>leads</th><th>publishers</th><th>shares</th></tr></thead>
    <tbody>{{#storeRows}}<tr id="{{anchor}}"><td><code>{{key}}</code></td><td>{{name}}</td><td>{{platform}}</td>
    <td class="num">{{leads}}</td><td>{{publishers}}</td><td>{{#shares}}<a href="#{{anchor}}">{{label}}</a> {{/shares}}</td></tr>{{/storeRows}}</tbody></table>

    <h2 id="shared">共享线索值 Shared values</h2>
    <table><thead><tr><th>kind</th><th>value</th><th>key</th><th>ring stores</th><th>all stores</th><th>leads</th></tr></thead>
    <tbody>{{#entityRows}}<tr id="{{anchor}}"><td>{{kind}}</td><td>{{label}}</td><td><code>{{key}}</code></td>
    <td class="num">{{ringStores}}</td><td class="num">{{allStores}}</td><td class="num">{{leads}}</td></tr>{{/entityRows}}</tbody></table>

    <h2 id="evidence">证据 Evidence</h2>
    <table><thead><tr><th>lead</th><th>publisher</th><th>date</th><th>store</th><th>waybill</th><th>sender</th>
    <th>sender phone</th><th>origin</th><th>supplier</th><th>file:line</th></tr></thead>
    <tbody>{{#leadRows}}<tr id="{{anchor}}"><td>{{leadID}}</td><td>{{publisher}}</td><td>{{date}}</td>
    <td><a href="#{{storeAnchor}}">{{store}}</a></td><td>{{waybill}}</td><td>{{sender}}</td><td>{{phone}}</td>
    <td>{{origin}}</td><td>{{supplier}}</td><td>{{sources}}</td></tr>{{/leadRows}}</tbody></table>
    {{#leadNote}}<p class="note">{{leadNote}}</p>{{/leadNote}}
    </body></html>

    """
}
