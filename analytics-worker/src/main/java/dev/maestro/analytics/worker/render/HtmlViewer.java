package dev.maestro.analytics.worker.render;

import java.util.ArrayList;
import java.util.List;

import dev.maestro.analytics.worker.graph.DependencyGraph;

/**
 * A self-contained HTML page around the SVG: pan (drag) and zoom (wheel, buttons, fit), a search
 * box that highlights matching applications and jumps to the first, and a details panel that
 * shows a clicked application's servers, dependencies and dependents. Plain JavaScript, nothing
 * loaded from elsewhere, so it works offline and inside an intranet page.
 */
public final class HtmlViewer {

	private HtmlViewer() {
	}

	public static String render(DependencyGraph graph, String svg, String title) {
		String inline = svg.startsWith("<?xml") ? svg.substring(svg.indexOf("?>") + 2).trim() : svg;
		StringBuilder html = new StringBuilder(inline.length() + 8192 + graph.nodes().size() * 200);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
			.append(SvgRenderer.escape(title)).append("</title>\n<style>\n")
			.append("html,body{margin:0;height:100%;font-family:").append(Palette.FONT).append(";color:#1A1A1A}\n")
			.append("#bar{display:flex;gap:6px;align-items:center;padding:6px 10px;border-bottom:1px solid #ccc;background:#fafafa}\n")
			.append("#bar h1{font-size:15px;margin:0 12px 0 0}\n#bar input{padding:4px 6px;width:220px}\n")
			.append("#bar button{min-width:32px;padding:3px 8px}\n#hits{font-size:12px;color:#555}\n")
			.append("#main{display:flex;height:calc(100% - 42px)}\n")
			.append("#canvas{flex:1;overflow:hidden;cursor:grab;background:#fff}\n#canvas.dragging{cursor:grabbing}\n")
			.append("#canvas svg{width:100%;height:100%;display:block}\n")
			.append("#details{width:300px;overflow:auto;border-left:1px solid #ccc;padding:10px;font-size:13px}\n")
			.append("#details h2{font-size:15px;margin:0 0 6px}\n#details ul{padding-left:18px;margin:4px 0}\n")
			.append("g.node{cursor:pointer}\ng.node.match rect.box{stroke:#000;stroke-width:4}\n")
			.append("g.node.selected rect.box{fill:#FFF4D6}\nsvg.searching g.node:not(.match){opacity:.35}\n")
			.append("</style>\n</head>\n<body>\n<div id=\"bar\"><h1>").append(SvgRenderer.escape(title)).append("</h1>")
			.append("<input id=\"search\" type=\"search\" placeholder=\"Search applications\" aria-label=\"Search applications\">")
			.append("<span id=\"hits\"></span>")
			.append("<button id=\"zoom-in\" title=\"Zoom in\">+</button><button id=\"zoom-out\" title=\"Zoom out\">&#8722;</button>")
			.append("<button id=\"fit\" title=\"Fit to window\">Fit</button></div>\n")
			.append("<div id=\"main\"><div id=\"canvas\">\n").append(inline).append("\n</div>\n")
			.append("<aside id=\"details\"><p>Click an application to see its servers, dependencies and dependents.</p></aside></div>\n")
			.append("<script type=\"application/json\" id=\"graph-data\">").append(data(graph).replace("</", "<\\/"))
			.append("</script>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
		return html.toString();
	}

	private static String data(DependencyGraph graph) {
		List<List<Integer>> dependencies = new ArrayList<>();
		List<List<Integer>> dependents = new ArrayList<>();
		for (int i = 0; i < graph.nodes().size(); i++) {
			dependencies.add(new ArrayList<>());
			dependents.add(new ArrayList<>());
		}
		for (DependencyGraph.Edge edge : graph.edges()) {
			dependencies.get(edge.from()).add(edge.to());
			dependents.get(edge.to()).add(edge.from());
		}
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < graph.nodes().size(); i++) {
			DependencyGraph.Node node = graph.nodes().get(i);
			json.append(i > 0 ? "," : "").append("{\"id\":").append(string(node.id())).append(",\"name\":")
				.append(string(node.name())).append(",\"family\":").append(string(node.family()))
				.append(",\"environment\":").append(string(node.environment())).append(",\"criticalLevel\":")
				.append(node.criticalLevel()).append(",\"system\":")
				.append((node.group() >= 0) ? string(graph.groups().get(node.group()).name()) : "null")
				.append(",\"servers\":[");
			for (int s = 0; s < node.servers().size(); s++) {
				DependencyGraph.Server server = node.servers().get(s);
				json.append(s > 0 ? "," : "").append("{\"hostname\":").append(string(server.hostname()))
					.append(",\"os\":").append(string(server.os())).append(",\"datacenter\":")
					.append(string(server.datacenter())).append('}');
			}
			json.append("],\"dependencies\":").append(ints(dependencies.get(i))).append(",\"dependents\":")
				.append(ints(dependents.get(i))).append('}');
		}
		return json.append(']').toString();
	}

	private static String ints(List<Integer> values) {
		StringBuilder out = new StringBuilder("[");
		for (int i = 0; i < values.size(); i++) {
			out.append(i > 0 ? "," : "").append(values.get(i));
		}
		return out.append(']').toString();
	}

	private static String string(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	private static final String SCRIPT = """
			(function () {
			  var canvas = document.getElementById('canvas');
			  var svg = canvas.querySelector('svg');
			  var data = JSON.parse(document.getElementById('graph-data').textContent);
			  var full = svg.viewBox.baseVal;
			  var view = { x: full.x, y: full.y, w: full.width, h: full.height };
			  svg.removeAttribute('width');
			  svg.removeAttribute('height');
			  function apply() { svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h); }
			  function toGraph(clientX, clientY) {
			    var r = svg.getBoundingClientRect();
			    var s = Math.max(view.w / r.width, view.h / r.height);
			    var ox = (r.width * s - view.w) / 2, oy = (r.height * s - view.h) / 2;
			    return { x: view.x - ox + (clientX - r.left) * s, y: view.y - oy + (clientY - r.top) * s, s: s };
			  }
			  function zoom(factor, cx, cy) {
			    var r = svg.getBoundingClientRect();
			    var p = toGraph(cx === undefined ? r.left + r.width / 2 : cx, cy === undefined ? r.top + r.height / 2 : cy);
			    var w = Math.min(Math.max(view.w / factor, 50), full.width * 4);
			    var h = view.h * (w / view.w);
			    view.x = p.x - (p.x - view.x) * (w / view.w);
			    view.y = p.y - (p.y - view.y) * (h / view.h);
			    view.w = w; view.h = h; apply();
			  }
			  function fit() { view = { x: full.x, y: full.y, w: full.width, h: full.height }; apply(); }
			  canvas.addEventListener('wheel', function (e) { e.preventDefault(); zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX, e.clientY); }, { passive: false });
			  var drag = null;
			  canvas.addEventListener('mousedown', function (e) { drag = { x: e.clientX, y: e.clientY, moved: false }; canvas.classList.add('dragging'); });
			  window.addEventListener('mousemove', function (e) {
			    if (!drag) return;
			    var s = toGraph(0, 0).s;
			    view.x -= (e.clientX - drag.x) * s; view.y -= (e.clientY - drag.y) * s;
			    if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 2) drag.moved = true;
			    drag.x = e.clientX; drag.y = e.clientY; apply();
			  });
			  window.addEventListener('mouseup', function () { canvas.classList.remove('dragging'); setTimeout(function () { drag = null; }, 0); });
			  document.getElementById('zoom-in').onclick = function () { zoom(1.25); };
			  document.getElementById('zoom-out').onclick = function () { zoom(1 / 1.25); };
			  document.getElementById('fit').onclick = fit;
			  var nodes = Array.prototype.slice.call(svg.querySelectorAll('g.node'));
			  function centerOn(g) {
			    var b = g.getBBox();
			    var graph = svg.getElementById('graph').transform.baseVal.consolidate();
			    var dy = graph ? graph.matrix.f : 0;
			    view.w = Math.min(view.w, 1400); view.h = view.w * (full.height / full.width);
			    view.x = b.x + b.width / 2 - view.w / 2; view.y = b.y + dy + b.height / 2 - view.h / 2; apply();
			  }
			  document.getElementById('search').addEventListener('input', function (e) {
			    var q = e.target.value.trim().toLowerCase(), hits = [];
			    nodes.forEach(function (g) {
			      var match = q !== '' && g.getAttribute('data-name').toLowerCase().indexOf(q) >= 0;
			      g.classList.toggle('match', match);
			      if (match) hits.push(g);
			    });
			    svg.classList.toggle('searching', q !== '');
			    document.getElementById('hits').textContent = q === '' ? '' : hits.length + ' found';
			    if (hits.length > 0) centerOn(hits[0]);
			  });
			  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
			  function list(ids) {
			    if (ids.length === 0) return '<p>none</p>';
			    return '<ul>' + ids.map(function (i) { return '<li>' + esc(data[i].name) + ' <small>(' + esc(data[i].family) + ')</small></li>'; }).join('') + '</ul>';
			  }
			  nodes.forEach(function (g) {
			    g.addEventListener('click', function () {
			      if (drag && drag.moved) return;
			      nodes.forEach(function (o) { o.classList.remove('selected'); });
			      g.classList.add('selected');
			      var d = data[parseInt(g.id.substring(5), 10)];
			      var servers = d.servers.length === 0 ? '<p>none</p>' : '<ul>' + d.servers.map(function (s) {
			        return '<li>' + esc(s.hostname) + (s.os ? ' — ' + esc(s.os) : '') + (s.datacenter ? ' — ' + esc(s.datacenter) : '') + '</li>';
			      }).join('') + '</ul>';
			      document.getElementById('details').innerHTML = '<h2>' + esc(d.name) + '</h2><p>' + esc(d.family)
			        + (d.environment ? ' · ' + esc(d.environment) : '') + (d.system ? '<br>System: ' + esc(d.system) : '')
			        + '<br>Critical level: ' + d.criticalLevel + '</p><h3>Servers</h3>' + servers
			        + '<h3>Depends on</h3>' + list(d.dependencies) + '<h3>Dependents</h3>' + list(d.dependents);
			    });
			  });
			  apply();
			})();
			""";

}
