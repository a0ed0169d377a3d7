package dev.maestro.analytics.worker.render;

/**
 * Width of text without a font engine: a deliberately generous average advance (0.62 em, wider
 * than DejaVu Sans, Arial or Helvetica on mixed-case text) so that text cut to fit this estimate
 * stays inside its box whichever of the declared fonts the viewer has.
 */
public final class TextMetrics {

	private static final double ADVANCE = 0.62;

	private TextMetrics() {
	}

	public static double width(String text, double fontSize) {
		return text.codePointCount(0, text.length()) * fontSize * ADVANCE;
	}

	/** The text, cut with an ellipsis if needed, so that it fits in {@code maxWidth}. */
	public static String fit(String text, double fontSize, double maxWidth) {
		if (width(text, fontSize) <= maxWidth) {
			return text;
		}
		int chars = (int) Math.floor(maxWidth / (fontSize * ADVANCE)) - 1;
		if (chars <= 0) {
			return "";
		}
		int end = text.offsetByCodePoints(0, Math.min(chars, text.codePointCount(0, text.length())));
		return text.substring(0, end) + "…";
	}

}
