package dev.maestro.analytics.worker.render;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.batik.parser.AWTPathProducer;
import org.apache.batik.parser.ParseException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The family icons of {@link Palette#ICONS} as Java2D outlines in their 24 × 24 box, read once
 * from the same markup the SVG's symbols hold: circles, ellipses and rectangles directly, path
 * data with Batik's path parser (every SVG path command, elliptical arcs included).
 */
final class IconShapes {

	private static final Map<String, List<Shape>> SHAPES = readAll();

	private IconShapes() {
	}

	/** The outlines of an icon (a key of {@link Palette#ICONS}). */
	static List<Shape> of(String icon) {
		List<Shape> shapes = SHAPES.get(icon);
		return (shapes != null) ? shapes : SHAPES.get("Other");
	}

	private static Map<String, List<Shape>> readAll() {
		Map<String, List<Shape>> shapes = new HashMap<>();
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			for (Map.Entry<String, String> icon : Palette.ICONS.entrySet()) {
				Element root = factory.newDocumentBuilder()
					.parse(new InputSource(new StringReader("<g>" + icon.getValue() + "</g>")))
					.getDocumentElement();
				List<Shape> outlines = new ArrayList<>();
				for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
					if (child instanceof Element element) {
						outlines.add(outline(element));
					}
				}
				shapes.put(icon.getKey(), List.copyOf(outlines));
			}
		}
		catch (ParserConfigurationException | SAXException | IOException | ParseException ex) {
			throw new IllegalStateException("Unreadable icon markup: " + ex.getMessage(), ex);
		}
		return Map.copyOf(shapes);
	}

	private static Shape outline(Element element) throws IOException {
		return switch (element.getTagName()) {
			case "circle" -> new Ellipse2D.Double(d(element, "cx") - d(element, "r"), d(element, "cy") - d(element, "r"),
					2 * d(element, "r"), 2 * d(element, "r"));
			case "ellipse" -> new Ellipse2D.Double(d(element, "cx") - d(element, "rx"),
					d(element, "cy") - d(element, "ry"), 2 * d(element, "rx"), 2 * d(element, "ry"));
			case "rect" -> element.hasAttribute("rx")
					? new RoundRectangle2D.Double(d(element, "x"), d(element, "y"), d(element, "width"),
							d(element, "height"), 2 * d(element, "rx"), 2 * d(element, "rx"))
					: new Rectangle2D.Double(d(element, "x"), d(element, "y"), d(element, "width"), d(element, "height"));
			case "path" -> AWTPathProducer.createShape(new StringReader(element.getAttribute("d")), Path2D.WIND_NON_ZERO);
			default -> throw new IllegalStateException("Icon element <" + element.getTagName() + "> is not supported");
		};
	}

	private static double d(Element element, String attribute) {
		return Double.parseDouble(element.getAttribute(attribute));
	}

}
