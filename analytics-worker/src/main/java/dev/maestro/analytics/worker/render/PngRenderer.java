package dev.maestro.analytics.worker.render;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;

import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.PNGTranscoder;

/**
 * Rasterises the SVG with Apache Batik. A raster is capped at {@code maxPixels} (width × height):
 * past it the scale is lowered (Batik's {@code KEY_WIDTH}/{@code KEY_HEIGHT} scale the whole
 * drawing, so nothing is cut off) so that a huge map neither exhausts the worker's memory (16 M
 * pixels take 64 MB while drawn) nor spends its time filling and compressing pixels; such a PNG is
 * an overview, the SVG and the HTML viewer keep every detail.
 */
public final class PngRenderer {

	/** The default pixel budget ({@code maestro.analytics.worker.png-max-pixels}). */
	public static final long DEFAULT_MAX_PIXELS = 16_000_000L;

	private PngRenderer() {
	}

	/**
	 * @param width the SVG's width in user units
	 * @param height the SVG's height in user units
	 * @param scale 1 for 1×, 2 for 2× (high-density screens, print)
	 */
	public static byte[] render(String svg, double width, double height, double scale, long maxPixels) {
		double applied = scale;
		if (width * height * scale * scale > maxPixels) {
			applied = Math.sqrt(maxPixels / (width * height));
		}
		PNGTranscoder transcoder = new PNGTranscoder();
		transcoder.addTranscodingHint(PNGTranscoder.KEY_WIDTH, (float) Math.round(width * applied));
		transcoder.addTranscodingHint(PNGTranscoder.KEY_HEIGHT, (float) Math.round(height * applied));
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			TranscoderInput input = new TranscoderInput(new StringReader(svg));
			input.setURI("urn:maestro:graph.svg");
			transcoder.transcode(input, new TranscoderOutput(png));
		}
		catch (TranscoderException ex) {
			throw new IllegalStateException("Batik could not rasterise the graph: " + ex.getMessage(), ex);
		}
		return png.toByteArray();
	}

}
