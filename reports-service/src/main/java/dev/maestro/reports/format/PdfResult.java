package dev.maestro.reports.format;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.maestro.reports.report.ReportRows;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A readable PDF table with PDFBox: the report's title, its filters and generation date, a
 * header row repeated on every page, page numbers, landscape pages when there are more than six
 * columns. Pages are cached in temporary files, not memory. The standard Helvetica font covers
 * Latin-1; other characters print as {@code ?}.
 */
public final class PdfResult {

	private static final float MARGIN = 36;

	private static final float FONT_SIZE = 8;

	private static final float LINE = 11;

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private PdfResult() {
	}

	/**
	 * @param totalRows the result's row count, to say when only the first {@code maxRows} are shown
	 */
	public static void write(String title, List<String> filters, Instant generatedAt, List<String> columns,
			Iterable<ReportRows.Row> rows, long totalRows, int maxRows, OutputStream out) throws IOException {
		PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
		PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
		PDRectangle size = (columns.size() > 6) ? new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth())
				: PDRectangle.A4;
		float columnWidth = (size.getWidth() - 2 * MARGIN) / Math.max(1, columns.size());
		try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
			Page page = new Page(document, size);
			float y = size.getHeight() - MARGIN;
			y = page.text(bold, 16, MARGIN, y, latin1(title));
			y -= 6;
			y = page.text(regular, 9, MARGIN, y, "Generated " + ((generatedAt != null) ? DATE.format(generatedAt) : "-")
					+ " - " + totalRows + " rows" + ((totalRows > maxRows) ? " (the first " + maxRows + " are shown)" : ""));
			for (String line : wrap("Filters: " + (filters.isEmpty() ? "none" : String.join("; ", filters)), regular, 9,
					size.getWidth() - 2 * MARGIN)) {
				y = page.text(regular, 9, MARGIN, y, line);
			}
			y -= 8;
			y = header(page, bold, columns, columnWidth, y);
			int written = 0;
			for (ReportRows.Row row : rows) {
				if (written >= maxRows) {
					break;
				}
				if (y < MARGIN + LINE) {
					page.close();
					page = new Page(document, size);
					y = header(page, bold, columns, columnWidth, size.getHeight() - MARGIN);
				}
				List<Object> values = row.values();
				for (int c = 0; c < values.size(); c++) {
					page.text(regular, FONT_SIZE, MARGIN + c * columnWidth, y,
							fit(latin1(CellText.text(values.get(c))), regular, columnWidth - 4));
				}
				y -= LINE;
				written++;
			}
			page.close();
			numberPages(document, regular);
			document.save(out);
		}
	}

	private static float header(Page page, PDType1Font bold, List<String> columns, float columnWidth, float y)
			throws IOException {
		for (int c = 0; c < columns.size(); c++) {
			page.text(bold, FONT_SIZE, MARGIN + c * columnWidth, y, fit(latin1(columns.get(c)), bold, columnWidth - 4));
		}
		page.line(MARGIN, y - 3, page.size.getWidth() - MARGIN);
		return y - LINE - 2;
	}

	private static void numberPages(PDDocument document, PDType1Font font) throws IOException {
		int total = document.getNumberOfPages();
		int number = 0;
		for (PDPage page : document.getPages()) {
			number++;
			try (PDPageContentStream stream = new PDPageContentStream(document, page,
					PDPageContentStream.AppendMode.APPEND, true, true)) {
				String label = "Page " + number + " of " + total;
				float width = font.getStringWidth(label) / 1000 * FONT_SIZE;
				stream.beginText();
				stream.setFont(font, FONT_SIZE);
				stream.newLineAtOffset(page.getMediaBox().getWidth() - MARGIN - width, MARGIN / 2);
				stream.showText(label);
				stream.endText();
			}
		}
	}

	/** Cuts text to the width, with an ellipsis of dots. */
	private static String fit(String text, PDType1Font font, float width) throws IOException {
		if (font.getStringWidth(text) / 1000 * FONT_SIZE <= width) {
			return text;
		}
		int end = text.length();
		while (end > 0 && font.getStringWidth(text.substring(0, end) + "..") / 1000 * FONT_SIZE > width) {
			end--;
		}
		return text.substring(0, end) + "..";
	}

	private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : latin1(text).split(" ")) {
			String candidate = line.isEmpty() ? word : line + " " + word;
			if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
				lines.add(line.toString());
				line = new StringBuilder(word);
			}
			else {
				line = new StringBuilder(candidate);
			}
		}
		lines.add(line.toString());
		return lines;
	}

	/** What the standard font can show: printable Latin-1, the rest as {@code ?}. */
	static String latin1(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			out.append(((c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xFF)) ? c : (Character.isWhitespace(c) ? ' ' : '?'));
		}
		return out.toString();
	}

	/** One page and its open content stream. */
	private static final class Page {

		private final PDPageContentStream stream;

		private final PDRectangle size;

		Page(PDDocument document, PDRectangle size) throws IOException {
			PDPage page = new PDPage(size);
			document.addPage(page);
			this.size = size;
			this.stream = new PDPageContentStream(document, page);
		}

		float text(PDType1Font font, float fontSize, float x, float y, String text) throws IOException {
			this.stream.beginText();
			this.stream.setFont(font, fontSize);
			this.stream.newLineAtOffset(x, y);
			this.stream.showText(text);
			this.stream.endText();
			return y - fontSize - 4;
		}

		void line(float x, float y, float toX) throws IOException {
			this.stream.moveTo(x, y);
			this.stream.lineTo(toX, y);
			this.stream.stroke();
		}

		void close() throws IOException {
			this.stream.close();
		}

	}

}
