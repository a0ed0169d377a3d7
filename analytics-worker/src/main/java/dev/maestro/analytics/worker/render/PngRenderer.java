package dev.maestro.analytics.worker.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Paints a {@link Drawing} with Java2D (antialiased, the first installed font of the SVG's font
 * list) and encodes it as PNG with ImageIO: the same shapes as the SVG, without parsing it. A
 * raster is capped at {@code maxPixels} (width × height): past it the whole drawing is scaled down
 * so that nothing is cut off and a huge map neither exhausts the worker's memory (16 M pixels take
 * 64 MB while drawn) nor spends its time filling and compressing pixels; such a PNG is an
 * overview, the SVG and the HTML viewer keep every detail.
 */
public final class PngRenderer {

	/** The default pixel budget ({@code maestro.analytics.worker.png-max-pixels}). */
	public static final long DEFAULT_MAX_PIXELS = 16_000_000L;

	/** The font family text is painted in: the first of {@link Palette#FONT} this machine has. */
	private static final String FONT_FAMILY = installedFamily(Palette.FONT);

	private PngRenderer() {
	}

	/**
	 * @param scale 1 for 1×, 2 for 2× (high-density screens, print), lowered to fit {@code maxPixels}
	 */
	public static byte[] render(Drawing drawing, double scale, long maxPixels) {
		double applied = scale;
		boolean capped = drawing.width() * drawing.height() * scale * scale > maxPixels;
		if (capped) {
			applied = Math.sqrt(maxPixels / (drawing.width() * drawing.height()));
		}
		int width = Math.max(1, pixels(drawing.width() * applied, capped));
		int height = Math.max(1, pixels(drawing.height() * applied, capped));
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
			g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			g.scale(applied, applied);
			new Painter(g).paint(drawing.shapes());
		}
		finally {
			g.dispose();
		}
		return encode(image);
	}

	/** Rounded, or rounded down when the budget caps the scale, so that the budget holds. */
	private static int pixels(double size, boolean capped) {
		return (int) (capped ? Math.floor(size) : Math.round(size));
	}

	private static byte[] encode(BufferedImage image) {
		ByteArrayOutputStream png = new ByteArrayOutputStream(1 << 16);
		// In memory: ImageIO's default stream cache is a temporary file.
		try (ImageOutputStream out = new MemoryCacheImageOutputStream(png)) {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PNG encoding failed", ex);
		}
		return png.toByteArray();
	}

	private static String installedFamily(String declared) {
		Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment()
			.getAvailableFontFamilyNames(Locale.ROOT));
		for (String name : declared.split(",")) {
			String family = name.trim().replace("'", "");
			if (installed.contains(family)) {
				return family;
			}
		}
		return Font.SANS_SERIF;
	}

	/** Paints shapes on one graphics context, keeping the colours, strokes and fonts it made. */
	private static final class Painter {

		private final Graphics2D g;

		private final Map<String, Color> colours = new HashMap<>();

		private final Map<String, Stroke> strokes = new HashMap<>();

		private final Map<String, Font> fonts = new HashMap<>();

		private final Font plain = new Font(FONT_FAMILY, Font.PLAIN, 12);

		private final Font bold = new Font(FONT_FAMILY, Font.BOLD, 12);

		Painter(Graphics2D g) {
			this.g = g;
		}

		void paint(List<Drawing.Shape> shapes) {
			for (Drawing.Shape shape : shapes) {
				if (shape instanceof Drawing.Rect rect) {
					rect(rect);
				}
				else if (shape instanceof Drawing.Line line) {
					line(line);
				}
				else if (shape instanceof Drawing.Text text) {
					text(text);
				}
				else if (shape instanceof Drawing.Icon icon) {
					icon(icon);
				}
				else if (shape instanceof Drawing.Group group) {
					this.g.translate(0, group.dy());
					paint(group.shapes());
					this.g.translate(0, -group.dy());
				}
			}
		}

		private void rect(Drawing.Rect rect) {
			// SVG clamps the corner radius to half the side; arcs are given as diameters.
			double arcWidth = 2 * Math.min(rect.radius(), rect.width() / 2);
			double arcHeight = 2 * Math.min(rect.radius(), rect.height() / 2);
			Shape outline = (rect.radius() > 0)
					? new RoundRectangle2D.Double(rect.x(), rect.y(), rect.width(), rect.height(), arcWidth, arcHeight)
					: new Rectangle2D.Double(rect.x(), rect.y(), rect.width(), rect.height());
			if (rect.fill() != null) {
				this.g.setColor(colour(rect.fill()));
				this.g.fill(outline);
			}
			if (rect.stroke() != null) {
				this.g.setColor(colour(rect.stroke()));
				this.g.setStroke(stroke(rect.strokeWidth(), rect.dash()));
				this.g.draw(outline);
			}
		}

		private void line(Drawing.Line line) {
			double[] p = line.points();
			Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, p.length / 2);
			path.moveTo(p[0], p[1]);
			for (int i = 2; i < p.length; i += 2) {
				path.lineTo(p[i], p[i + 1]);
			}
			Color colour = colour(line.stroke());
			this.g.setColor(colour);
			this.g.setStroke(stroke(line.strokeWidth(), line.dash()));
			this.g.draw(path);
			if (line.arrow()) {
				arrowHead(p, line.strokeWidth());
			}
		}

		/**
		 * As the SVG's marker: a triangle 8 stroke widths long and wide, its tip on the last point,
		 * along the last segment of non-zero length.
		 */
		private void arrowHead(double[] p, double strokeWidth) {
			int last = p.length - 2;
			int from = last - 2;
			while (from > 0 && p[from] == p[last] && p[from + 1] == p[last + 1]) {
				from -= 2;
			}
			double dx = p[last] - p[from];
			double dy = p[last + 1] - p[from + 1];
			double length = Math.hypot(dx, dy);
			if (length == 0) {
				return;
			}
			double ux = dx / length;
			double uy = dy / length;
			double size = 8 * strokeWidth;
			double baseX = p[last] - ux * size;
			double baseY = p[last + 1] - uy * size;
			Path2D.Double head = new Path2D.Double();
			head.moveTo(p[last], p[last + 1]);
			head.lineTo(baseX - uy * size / 2, baseY + ux * size / 2);
			head.lineTo(baseX + uy * size / 2, baseY - ux * size / 2);
			head.closePath();
			this.g.fill(head);
		}

		private void text(Drawing.Text text) {
			if (text.text().isEmpty()) {
				return;
			}
			Font font = font(text.size(), text.bold());
			this.g.setFont(font);
			this.g.setColor(colour(text.fill()));
			double x = text.x();
			if (text.centred()) {
				x -= font.getStringBounds(text.text(), this.g.getFontRenderContext()).getWidth() / 2;
			}
			this.g.drawString(text.text(), (float) x, (float) text.y());
		}

		private void icon(Drawing.Icon icon) {
			AffineTransform saved = this.g.getTransform();
			this.g.translate(icon.x(), icon.y());
			this.g.scale(icon.size() / 24, icon.size() / 24);
			this.g.setColor(colour(icon.stroke()));
			this.g.setStroke(stroke(icon.strokeWidth(), null));
			for (Shape outline : IconShapes.of(icon.icon())) {
				this.g.draw(outline);
			}
			this.g.setTransform(saved);
		}

		private Color colour(String hex) {
			return this.colours.computeIfAbsent(hex, Color::decode);
		}

		/** SVG's defaults: butt caps, miter joins with a limit of 4. */
		private Stroke stroke(double width, float[] dash) {
			return this.strokes.computeIfAbsent(width + Arrays.toString(dash),
					(key) -> new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4, dash, 0));
		}

		private Font font(double size, boolean bold) {
			return this.fonts.computeIfAbsent(size + (bold ? "b" : ""),
					(key) -> (bold ? this.bold : this.plain).deriveFont((float) size));
		}

	}

}
