/// The report's constant CSS and script (no fonts or files from the network: system CJK fonts).
enum ReportStyle {
  static let css: StaticString = """
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
  static let sortScript: StaticString = """
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
}
